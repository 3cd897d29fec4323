/**
 * Health checks with per-check deadlines, grouped into Kubernetes-style probes, and their JSON.
 */
package dev.bulwark.health;
