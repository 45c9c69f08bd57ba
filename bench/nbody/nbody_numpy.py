"""One softened n-body step in NumPy with n x n broadcasting (also the reference)."""
import numpy as np


def nbody_step(pos, vel, mass, dt, eps2, new_pos, new_vel):
    d = pos[None, :, :] - pos[:, None, :]           # d[i, j] = pos[j] - pos[i]
    r2 = np.sum(d * d, axis=-1) + eps2
    w = mass[None, :] / (r2 * np.sqrt(r2))
    acc = np.einsum("ijk,ij->ik", d, w)
    np.add(vel, dt * acc, out=new_vel)
    np.add(pos, dt * new_vel, out=new_pos)
