/**
 * Path patterns and the per-path overrides of settings ({@code bulwark.paths[n].*}).
 */
package dev.bulwark.path;
