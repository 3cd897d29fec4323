/**
 * Output encoding for HTML, attributes, JavaScript, CSS and URLs ({@link
 * dev.bulwark.encode.Encode}), and user-written HTML sanitised to a safe subset ({@link
 * dev.bulwark.encode.RichText}).
 */
package dev.bulwark.encode;
