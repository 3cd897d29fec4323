/**
 * The production-readiness report in a Spring application, with the checks that Spring's
 * environment, class path, Security set-up and Thymeleaf templates reveal.
 */
package dev.bulwark.spring.readiness;
