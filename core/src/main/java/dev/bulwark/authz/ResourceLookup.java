package dev.bulwark.authz;

import java.util.Optional;

/**
 * Loads one resource by the identifier a request names, for declarative guards that load, check
 * and hand over the object in one step. A lookup that cannot parse an identifier returns empty, so
 * a malformed id answers 404 like a missing one.
 *
 * @param <R> the resource type
 */
public interface ResourceLookup<R> {

  /** The resource type this lookup loads. */
  Class<R> resourceType();

  /** Loads a resource, or empty when there is none with this identifier. */
  Optional<R> find(String id);
}
