package com.lealup.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of DESIGN.md, checked on the compiled classes of every module. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.lealup");
        // the rules below would pass vacuously if the modules' classes were not on the classpath
        for (String module : new String[] {"com.lealup.api.customer.CreateCustomer", "com.lealup.write.customer.Customer",
                "com.lealup.read.customers.CustomerQueries", "com.lealup.http.customers.CustomerController"}) {
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
                        "org.axonframework.modelling.command.Repository", "org.axonframework.eventhandling..",
                        "jakarta.persistence..")
                .check(classes);
    }

    @Test
    void theCommandSideReadsNoReadModel() {
        noClasses().that().resideInAnyPackage("com.lealup.write..", "com.lealup.automation..")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework.queryhandling..")
                .check(classes);
    }
}
