# cython: boundscheck=False, wraparound=False
"""One step of a softened n-body simulation: every body's acceleration is summed over all
bodies (its own contributes zero), then velocities and positions advance by dt."""
import cython
from cython.cimports.libc.math import sqrt


def nbody_step(pos: cython.double[:, ::1], vel: cython.double[:, ::1],
               mass: cython.double[::1], dt: cython.double, eps2: cython.double,
               new_pos: cython.double[:, ::1], new_vel: cython.double[:, ::1]):
    n: cython.Py_ssize_t = pos.shape[0]
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    ax: cython.double
    ay: cython.double
    az: cython.double
    dx: cython.double
    dy: cython.double
    dz: cython.double
    r2: cython.double
    w: cython.double
    for i in range(n):
        ax = 0.0
        ay = 0.0
        az = 0.0
        for j in range(n):
            dx = pos[j, 0] - pos[i, 0]
            dy = pos[j, 1] - pos[i, 1]
            dz = pos[j, 2] - pos[i, 2]
            r2 = dx * dx + dy * dy + dz * dz + eps2
            w = mass[j] / (r2 * sqrt(r2))
            ax += dx * w
            ay += dy * w
            az += dz * w
        new_vel[i, 0] = vel[i, 0] + dt * ax
        new_vel[i, 1] = vel[i, 1] + dt * ay
        new_vel[i, 2] = vel[i, 2] + dt * az
        for k in range(3):
            new_pos[i, k] = pos[i, k] + dt * new_vel[i, k]
