/**
 * The Host allow-list and the HTTPS redirect ({@code bulwark.host.*}).
 */
package dev.bulwark.host;
