/**
 * Thymeleaf integration: {@code #bulwark} encoding functions in expressions and CSP nonces on a
 * template's inline elements.
 */
package dev.bulwark.spring.thymeleaf;
