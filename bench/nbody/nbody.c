/* nbody.c: one softened n-body step in hand-written C. */
#include <math.h>
#include <stdint.h>

void nbody_step(const double *restrict pos, const double *restrict vel,
                const double *restrict mass, double dt, double eps2, double *restrict new_pos,
                double *restrict new_vel, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    double ax = 0.0, ay = 0.0, az = 0.0;
    for (int64_t j = 0; j < n; j++) {
      double dx = pos[3 * j] - pos[3 * i];
      double dy = pos[3 * j + 1] - pos[3 * i + 1];
      double dz = pos[3 * j + 2] - pos[3 * i + 2];
      double r2 = dx * dx + dy * dy + dz * dz + eps2;
      double w = mass[j] / (r2 * sqrt(r2));
      ax += dx * w;
      ay += dy * w;
      az += dz * w;
    }
    new_vel[3 * i] = vel[3 * i] + dt * ax;
    new_vel[3 * i + 1] = vel[3 * i + 1] + dt * ay;
    new_vel[3 * i + 2] = vel[3 * i + 2] + dt * az;
    for (int k = 0; k < 3; k++)
      new_pos[3 * i + k] = pos[3 * i + k] + dt * new_vel[3 * i + k];
  }
}
