/**
 * Security events: the kinds every protection reports and the counter they go to, read by the
 * metrics binders.
 */
package dev.bulwark.events;
