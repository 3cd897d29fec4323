package dev.bulwark.redis;

import dev.bulwark.testing.DependencyClosure;
import org.junit.jupiter.api.Test;

/** What a user of bulwark-redis gets on the class path, against the list in docs/dependencies and the README. */
class DependencyClosureTest {

  @Test
  void theRuntimeClosureIsTheCommittedOne() throws Exception {
    DependencyClosure.assertCommitted("bulwark-redis");
  }
}
