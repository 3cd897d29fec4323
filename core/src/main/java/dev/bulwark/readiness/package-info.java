/**
 * The production-readiness report: Bulwark's protections and their state, the risky settings found
 * at start-up with their fixes, and the checks that contribute them.
 */
package dev.bulwark.readiness;
