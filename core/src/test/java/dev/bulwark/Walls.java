package dev.bulwark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The walls between modules, one rule set that every module's architecture test applies to its
 * own classes: a module's {@code internal} packages are its own business, so no other module imports
 * them, and no public signature (a public or protected member of a public type outside {@code
 * internal}) names an internal type, or the wall would leak through the API.
 */
public final class Walls {

  private static final Pattern INTERNAL = Pattern.compile("dev\\.bulwark(\\.[a-z0-9]+)*\\.internal(\\..*)?");

  private Walls() {}

  /** Whether a package is internal to some module. */
  static boolean isInternal(String packageName) {
    return INTERNAL.matcher(packageName).matches();
  }

  /**
   * No class of the module (whose packages start with {@code ownRoot}) depends on another module's
   * internal package.
   *
   * @param ownRoot the module's root package, such as {@code dev.bulwark.servlet}
   * @param otherRoots the roots of the other modules' packages whose internals it must not import;
   *     for core's internals (which live under {@code dev.bulwark} itself) pass {@code dev.bulwark}
   */
  public static ArchRule noForeignInternals(String ownRoot, String... otherRoots) {
    DescribedPredicate<JavaClass> foreignInternal =
        DescribedPredicate.describe(
            "internal to another module",
            target -> {
              String name = target.getPackageName();
              if (!isInternal(name) || name.startsWith(ownRoot + ".")) {
                return false;
              }
              for (String other : otherRoots) {
                if (name.startsWith(other + ".")) {
                  return true;
                }
              }
              return false;
            });
    return noClasses()
        .that()
        .resideInAPackage(ownRoot + "..")
        .should()
        .dependOnClassesThat(foreignInternal)
        .because("a module's internal packages are not API: another module reaching into them ties both to"
            + " details that may change in any release");
  }

  /** Public signatures of public types name no internal type. */
  public static ArchRule publicSignaturesNameNoInternalType() {
    return classes()
        .that()
        .arePublic()
        .and(DescribedPredicate.describe("outside internal packages", (JavaClass c) -> !isInternal(c.getPackageName())))
        .should(nameNoInternalType())
        .allowEmptyShould(true);
  }

  private static ArchCondition<JavaClass> nameNoInternalType() {
    return new ArchCondition<>("name no internal type in a public signature") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        type.getRawSuperclass().ifPresent(superclass -> report(type, "extends", Set.of(superclass), events));
        report(type, "implements", Set.copyOf(type.getRawInterfaces()), events);
        for (JavaMember member : type.getMembers()) {
          if (!member.getModifiers().contains(JavaModifier.PUBLIC) && !member.getModifiers().contains(JavaModifier.PROTECTED)) {
            continue;
          }
          Set<JavaClass> named = new LinkedHashSet<>();
          if (member instanceof JavaField field) {
            named.addAll(field.getType().getAllInvolvedRawTypes());
          } else if (member instanceof JavaCodeUnit code) {
            named.addAll(code.getReturnType().getAllInvolvedRawTypes());
            for (JavaParameter parameter : code.getParameters()) {
              named.addAll(parameter.getType().getAllInvolvedRawTypes());
            }
            for (JavaType thrown : code.getThrowsClause().getTypes()) {
              named.addAll(thrown.getAllInvolvedRawTypes());
            }
          }
          report(member, "names", named, events);
        }
      }

      private void report(Object owner, String verb, Set<JavaClass> named, ConditionEvents events) {
        for (JavaClass target : named) {
          if (isInternal(target.getPackageName())) {
            String where = owner instanceof JavaMember m ? m.getFullName() : ((JavaClass) owner).getName();
            events.add(SimpleConditionEvent.violated(owner, where + " " + verb + " internal type " + target.getName()));
          }
        }
      }
    };
  }
}
