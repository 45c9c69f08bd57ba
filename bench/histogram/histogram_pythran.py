"""Histogram with integer counts for Pythran."""

#pythran export histogram(float64[], int64[])


def histogram(x, counts):
    nbins = counts.shape[0]
    for i in range(nbins):
        counts[i] = 0
    for i in range(x.shape[0]):
        counts[int(x[i] * nbins)] += 1
