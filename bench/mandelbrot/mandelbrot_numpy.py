"""Mandelbrot escape counts in NumPy: every pixel iterated at once, escaped ones frozen
(also the reference)."""
import numpy as np


def mandelbrot(counts, x0, y0, step, maxiter):
    rows, cols = counts.shape
    cr = np.broadcast_to(x0 + np.arange(cols) * step, (rows, cols))
    ci = np.broadcast_to((y0 + np.arange(rows) * step)[:, None], (rows, cols))
    zr, zi = np.zeros((rows, cols)), np.zeros((rows, cols))
    counts[:] = 0
    for _ in range(maxiter):
        zr2, zi2 = zr * zr, zi * zi
        inside = zr2 + zi2 <= 4.0
        if not inside.any():
            break
        counts += inside
        zr, zi = np.where(inside, zr2 - zi2 + cr, zr), np.where(inside, 2.0 * zr * zi + ci, zi)
