"""One softened n-body step for Numba."""
import numpy as np
from numba import njit


@njit
def nbody_step(pos, vel, mass, dt, eps2, new_pos, new_vel):
    n = pos.shape[0]
    for i in range(n):
        ax = 0.0
        ay = 0.0
        az = 0.0
        for j in range(n):
            dx = pos[j, 0] - pos[i, 0]
            dy = pos[j, 1] - pos[i, 1]
            dz = pos[j, 2] - pos[i, 2]
            r2 = dx * dx + dy * dy + dz * dz + eps2
            w = mass[j] / (r2 * np.sqrt(r2))
            ax += dx * w
            ay += dy * w
            az += dz * w
        new_vel[i, 0] = vel[i, 0] + dt * ax
        new_vel[i, 1] = vel[i, 1] + dt * ay
        new_vel[i, 2] = vel[i, 2] + dt * az
        for k in range(3):
            new_pos[i, k] = pos[i, k] + dt * new_vel[i, k]
