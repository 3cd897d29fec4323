/**
 * Actuator integration: the rate-limit, readiness and adoption endpoints, the rate-limit store's
 * health indicator and timeouts on every health indicator.
 */
package dev.bulwark.spring.actuate;
