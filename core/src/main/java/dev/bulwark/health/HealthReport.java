package dev.bulwark.health;

import java.util.Map;

/**
 * The result of a group: DOWN if any check is DOWN.
 *
 * @param status the group's status
 * @param checks every check's result, by name, in registration order
 */
public record HealthReport(HealthStatus status, Map<String, HealthResult> checks) {}
