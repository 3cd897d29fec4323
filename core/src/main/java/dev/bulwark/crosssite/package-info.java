/**
 * Cross-site request protection without tokens ({@code bulwark.cross-site.*}), from {@code
 * Sec-Fetch-Site} and {@code Origin}.
 */
package dev.bulwark.crosssite;
