package com.lealup.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.lealup.app.LealUpApplication;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md (modules and packages, the inner boundary of the command side, package-private
 * classes; the design they come from is ../shared/DESIGN.md), checked on the compiled classes of every module.
 */
class ArchitectureTest {

    private static JavaClasses classes;
    /** The same with the test classes: a class a test of another package needs is needed (but tests are no subject). */
    private static JavaClasses classesAndTests;
    private static final Map<String, List<JavaClass>> nestedClasses = new HashMap<>();

    @BeforeAll
    static void importClasses() {
        classesAndTests = new ClassFileImporter().importPackages("com.lealup");
        ImportOption noTests = new ImportOption.DoNotIncludeTests();
        classes = classesAndTests.that(DescribedPredicate.describe("are no tests", (JavaClass type) ->
                type.getSource().map(source -> noTests.includes(Location.of(source.getUri()))).orElse(true)));
        for (JavaClass type : classesAndTests) {
            type.getEnclosingClass().ifPresent(outer ->
                    nestedClasses.computeIfAbsent(outer.getName(), name -> new ArrayList<>()).add(type));
        }
        // the rules below would pass vacuously if the modules' classes were not on the classpath
        for (String module : new String[] {"com.lealup.api.customer.CreateCustomer", "com.lealup.write.customer.Customer",
                "com.lealup.read.customer.CustomerQueries", "com.lealup.http.customer.CustomerController"}) {
            assertThat(classes.contain(module)).as(module).isTrue();
        }
    }

    @Test
    void eachSideDependsOnlyOnTheMessageContract() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInAnyPackage("com.lealup..")
                .layer("contract").definedBy("com.lealup.api..")
                .layer("command side").definedBy("com.lealup.write..", "com.lealup.automation..")
                .layer("query side").definedBy("com.lealup.read..")
                .layer("http api").definedBy("com.lealup.http..")
                .layer("app").definedBy("com.lealup.app..")
                .whereLayer("command side").mayOnlyBeAccessedByLayers("app")
                .whereLayer("query side").mayOnlyBeAccessedByLayers("app")
                .whereLayer("http api").mayOnlyBeAccessedByLayers("app")
                .whereLayer("contract").mayOnlyBeAccessedByLayers("command side", "query side", "http api", "app");
        rule.check(classes);
    }

    @Test
    void theMessageContractIsPlainJava() {
        noClasses().that().resideInAPackage("com.lealup.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..",
                        "com.fasterxml..", "java.sql..")
                .check(classes);
    }

    @Test
    void theHttpApiReachesTheSidesOnlyThroughTheGateways() {
        noClasses().that().resideInAPackage("com.lealup.http..")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework.eventsourcing..",
                        "org.axonframework.modelling.command.Repository", "org.axonframework.eventhandling..")
                .check(classes);
    }

    @Test
    void theCommandSideReadsNoReadModel() {
        noClasses().that().resideInAnyPackage("com.lealup.write..", "com.lealup.automation..")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework.queryhandling..")
                .check(classes);
    }

    /**
     * Inside the command side, a policy acts on the write side in two ways only: it sends commands (through the
     * CommandGateway), and it calls a port, a public interface named {@code *Port} that a write package exposes and
     * implements (docs/architecture.md, "Inside the command side"). It never reaches a write package's stores,
     * aggregates or helpers themselves.
     */
    @Test
    void policiesReachTheWriteSideOnlyThroughItsPorts() {
        assertThat(classes.stream().filter(ArchitectureTest::isPort)).as("the ports").isNotEmpty();
        noClasses().that().resideInAPackage("com.lealup.automation..")
                .should().dependOnClassesThat(DescribedPredicate.describe("are in a write package and no port",
                        (JavaClass target) -> target.getPackageName().startsWith("com.lealup.write") && !isPort(target)))
                .check(classes);
    }

    @Test
    void theWriteSideNeverCallsAPolicy() {
        noClasses().that().resideInAPackage("com.lealup.write..")
                .should().dependOnClassesThat().resideInAPackage("com.lealup.automation..")
                .check(classes);
    }

    /**
     * Classes are package-private unless another package needs them (the rule of the Axon exemplar projects): a
     * public top-level class must be used from another package, by its code or its tests. Not held to it: the message
     * contract ({@code com.lealup.api}, public by definition: it is what the modules share), the test support every
     * module's tests share ({@code com.lealup.testing}, from shared-api's test jar), and the few classes below that
     * are public for a reason the bytecode does not show.
     */
    @Test
    void classesArePackagePrivateUnlessAnotherPackageNeedsThem() {
        classes().that().areTopLevelClasses().and().arePublic()
                .and().resideOutsideOfPackages("com.lealup.api..", "com.lealup.testing..")
                .and().doNotHaveFullyQualifiedName(LealUpApplication.class.getName())
                .and(DescribedPredicate.describe("are not public for a stated reason",
                        (JavaClass type) -> !PUBLIC_FOR_A_REASON.containsKey(type.getName())))
                .should(new ArchCondition<JavaClass>("be used from another package") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        if (!usedFromAnotherPackage(type)) {
                            events.add(SimpleConditionEvent.violated(type, type.getName()
                                    + " is public but no other package uses it: make it package-private"));
                        }
                    }
                })
                .check(classes);
    }

    /**
     * One name per feature (docs/architecture.md, "Names"): the first package below {@code write}, {@code automation},
     * {@code read} and {@code http} (but the shared {@code http/support}) is named exactly as the feature's contract
     * package ({@code api/customer}, {@code write/customer}, {@code read/customer}, {@code http/customer}).
     */
    @Test
    void eachFeatureHasOneNameInEveryModule() {
        Set<String> contract = featurePackages("com.lealup.api");
        List<String> misnamed = new ArrayList<>();
        for (String layer : List.of("com.lealup.write", "com.lealup.automation", "com.lealup.read", "com.lealup.http")) {
            featurePackages(layer).stream().filter(name -> !contract.contains(name))
                    .filter(name -> !(layer + "." + name).equals("com.lealup.http.support"))
                    .forEach(name -> misnamed.add(layer + "." + name + ": no contract package com.lealup.api." + name));
        }
        assertThat(misnamed).isEmpty();
    }

    /** The first package level below {@code layer} that holds classes ({@code com.lealup.read.customer} -> customer). */
    private static Set<String> featurePackages(String layer) {
        return classes.stream().map(JavaClass::getPackageName).filter(name -> name.startsWith(layer + "."))
                .map(name -> name.substring(layer.length() + 1).split("\\.")[0]).collect(Collectors.toSet());
    }

    /** Public although no other package's bytecode names them, and why. */
    private static final Map<String, String> PUBLIC_FOR_A_REASON = Map.of(
            "com.lealup.http.support.FilterOrder", "its constants order the filters of other packages; javac inlines them",
            "com.lealup.http.support.HeaderDeadlineProtocol", "Tomcat instantiates it by its class name");

    private static boolean isPort(JavaClass type) {
        for (JavaClass t = type; t != null; t = t.getEnclosingClass().orElse(null)) {
            if (t.isInterface() && t.getSimpleName().endsWith("Port") && t.getModifiers().contains(JavaModifier.PUBLIC)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a class outside {@code type}'s package depends on it or on a class nested in it. */
    private static boolean usedFromAnotherPackage(JavaClass type) {
        Deque<JavaClass> todo = new ArrayDeque<>();
        todo.add(classesAndTests.get(type.getName()));
        while (!todo.isEmpty()) {
            JavaClass next = todo.pop();
            for (Dependency dependency : next.getDirectDependenciesToSelf()) {
                if (!dependency.getOriginClass().getPackageName().equals(type.getPackageName())) {
                    return true;
                }
            }
            todo.addAll(nestedClasses.getOrDefault(next.getName(), List.of()));
        }
        return false;
    }
}
