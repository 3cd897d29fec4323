/**
 * Input validation: constraints ({@link dev.bulwark.validate.PlainText}, {@link
 * dev.bulwark.validate.SafeUrl}, {@link dev.bulwark.validate.Identifier}), the validator and the
 * violations that become 422 problems.
 */
package dev.bulwark.validate;
