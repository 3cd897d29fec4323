package dev.bulwark.authz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The objects of a resource type a subject may see, expressed so that a repository can turn it
 * into a query ({@code WHERE owner = ?}) instead of loading everything and filtering in memory.
 */
public sealed interface Scope permits Scope.All, Scope.Nothing, Scope.Where {

  /** Every object. */
  static Scope all() {
    return All.INSTANCE;
  }

  /** No object: a list answers empty. */
  static Scope nothing() {
    return Nothing.INSTANCE;
  }

  /** The objects whose attribute equals a value, such as {@code where("owner", subject.id())}. */
  static Scope where(String attribute, Object value) {
    return new Where(Map.of(attribute, value));
  }

  /** Narrows this scope by one more attribute that must equal a value. */
  Scope and(String attribute, Object value);

  /**
   * Whether an object is in scope, for stores that cannot query (an in-memory map, a cache).
   *
   * @param attributeOf reads an attribute of the object by the name the policy used
   */
  boolean includes(Function<String, Object> attributeOf);

  /** Every object of the type. */
  final class All implements Scope {
    private static final All INSTANCE = new All();

    private All() {}

    @Override
    public Scope and(String attribute, Object value) {
      return where(attribute, value);
    }

    @Override
    public boolean includes(Function<String, Object> attributeOf) {
      return true;
    }

    @Override
    public String toString() {
      return "all";
    }
  }

  /** No object at all. */
  final class Nothing implements Scope {
    private static final Nothing INSTANCE = new Nothing();

    private Nothing() {}

    @Override
    public Scope and(String attribute, Object value) {
      return this;
    }

    @Override
    public boolean includes(Function<String, Object> attributeOf) {
      return false;
    }

    @Override
    public String toString() {
      return "nothing";
    }
  }

  /**
   * The objects whose attributes equal all the given values.
   *
   * @param equalTo attribute names and the value each must equal; never empty, no null values
   */
  record Where(Map<String, Object> equalTo) implements Scope {
    /** Requires at least one condition and no null value, which no query could match as meant. */
    public Where {
      if (equalTo == null || equalTo.isEmpty()) {
        throw new IllegalArgumentException("a scope needs at least one condition; use Scope.all()");
      }
      equalTo.forEach(
          (name, value) -> {
            if (name == null || value == null) {
              throw new IllegalArgumentException("scope conditions need a name and a non-null value");
            }
          });
      equalTo = Map.copyOf(equalTo);
    }

    @Override
    public Scope and(String attribute, Object value) {
      Map<String, Object> more = new LinkedHashMap<>(equalTo);
      Object previous = more.putIfAbsent(attribute, value);
      if (previous != null && !previous.equals(value)) {
        return nothing();
      }
      return new Where(more);
    }

    @Override
    public boolean includes(Function<String, Object> attributeOf) {
      for (Map.Entry<String, Object> condition : equalTo.entrySet()) {
        if (!condition.getValue().equals(attributeOf.apply(condition.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }
}
