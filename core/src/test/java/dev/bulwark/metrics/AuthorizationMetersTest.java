package dev.bulwark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.authz.Decision;
import dev.bulwark.authz.Guard;
import dev.bulwark.authz.Policy;
import dev.bulwark.authz.Subject;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

class AuthorizationMetersTest {

  record Item(String owner) {}

  enum ItemAction { READ, WRITE }

  static final class ItemPolicy implements Policy<Item, ItemAction> {
    @Override
    public Class<Item> resourceType() {
      return Item.class;
    }

    @Override
    public Class<ItemAction> actionType() {
      return ItemAction.class;
    }

    @Override
    public Decision decide(Subject subject, ItemAction action, Item item) {
      if (subject.is(item.owner())) {
        return Decision.allow();
      }
      return action == ItemAction.READ ? Decision.hide("not the owner") : Decision.deny("read only");
    }
  }

  final Guard guard = Guard.of(new ItemPolicy());
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Item alices = new Item("alice");
  final Subject bob = Subject.of("bob");

  double refusals(String resource, String action, String outcome) {
    return registry.get("bulwark.authz.refusals").tags("resource", resource, "action", action, "outcome", outcome).functionCounter().count();
  }

  @Test
  void oneCounterPerResourceActionAndOutcomeWithoutIds() {
    new AuthorizationMeters(guard).bindTo(registry);
    guard.decide(bob, ItemAction.READ, alices);
    guard.decide(bob, ItemAction.READ, alices);
    guard.decide(bob, ItemAction.WRITE, alices);
    guard.decide(Subject.of("alice"), ItemAction.WRITE, alices);
    guard.decide(bob, ItemAction.READ, "a type without a policy");

    assertThat(refusals("Item", "READ", "hide")).isEqualTo(2);
    assertThat(refusals("Item", "READ", "deny")).isZero();
    assertThat(refusals("Item", "WRITE", "deny")).isEqualTo(1);
    assertThat(refusals("unregistered", "any", "deny")).isEqualTo(1);
    assertThat(registry.get("bulwark.authz.refusals").functionCounters())
        .as("2 actions x 2 outcomes, and the unregistered counter")
        .hasSize(5)
        .allSatisfy(counter -> assertThat(counter.getId().getTags()).extracting(tag -> tag.getKey()).containsOnly("resource", "action", "outcome"));
  }

  @Test
  void countersKeepCountingAfterGarbageCollection() throws Exception {
    new AuthorizationMeters(guard).bindTo(registry);
    FunctionCounter counter =
        registry.get("bulwark.authz.refusals").tags("resource", "Item", "action", "READ", "outcome", "hide").functionCounter();
    guard.decide(bob, ItemAction.READ, alices);
    assertThat(counter.count()).isEqualTo(1);

    // Micrometer holds a function counter's state object weakly: whatever the binder hands it must
    // live as long as the guard, or the counter freezes at its last value after a collection.
    WeakReference<Object> sentinel = new WeakReference<>(new Object());
    for (int i = 0; i < 50 && sentinel.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(sentinel.get()).as("a collection ran").isNull();

    guard.decide(bob, ItemAction.READ, alices);
    assertThat(counter.count()).isEqualTo(2);
  }
}
