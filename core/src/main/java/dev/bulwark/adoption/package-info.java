/**
 * The adoption report of observe mode ({@code bulwark.mode=observe}): what enforcing would refuse,
 * grouped by protection and route, the CSP violations browsers reported, and the setting or change
 * that allows each.
 */
package dev.bulwark.adoption;
