package dev.bulwark.readiness;

/**
 * One of Bulwark's protections and whether it is on, as listed in the readiness report.
 *
 * @param id a stable identifier such as {@code security-headers}
 * @param name a readable name such as {@code security headers}
 * @param on whether the protection is active
 * @param detail how it is configured when on, or the setting that turns it on when off
 */
public record Protection(String id, String name, boolean on, String detail) {}
