package dev.gantry.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of the engine's modules and packages, checked on the compiled classes of the
 * {@code dsl} module and of every engine module (the CLI's tests see them all). ARCHITECTURE.md
 * draws the picture these rules keep true.
 */
class ArchitectureTest {
    private static final JavaClasses GANTRY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Other modules' test support comes as test jars, which the predefined option keeps.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.gantry");

    /** Core's packages: the entry point, the API, the plug-in interfaces, digests and the internals. */
    private static final String[] CORE = {"dev.gantry.engine", "dev.gantry.engine.api..", "dev.gantry.engine.spi..",
        "dev.gantry.engine.hash..", "dev.gantry.engine.internal.."};

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("dev.gantry.(**)").should().beFreeOfCycles().check(GANTRY);
    }

    @Test
    void coreNeverSeesTheCliTheSchedulerOrAContainerClient() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("picocli..", "org.quartz..", "com.github.dockerjava..", "io.fabric8..")
                .check(GANTRY);
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("dev.gantry.engine.cli..", "dev.gantry.engine.docker..", "dev.gantry.engine.kubernetes..",
                        "dev.gantry.engine.slurm..", "dev.gantry.engine.schedule..", "dev.gantry.server..")
                .check(GANTRY);
    }

    @Test
    void eachLibraryStaysInTheModuleThatWrapsIt() {
        noClasses().that().resideOutsideOfPackage("dev.gantry.engine.docker..").should().dependOnClassesThat()
                .resideInAPackage("com.github.dockerjava..").check(GANTRY);
        noClasses().that().resideOutsideOfPackage("dev.gantry.engine.kubernetes..").should().dependOnClassesThat()
                .resideInAPackage("io.fabric8..").check(GANTRY);
        noClasses().that().resideOutsideOfPackage("dev.gantry.engine.schedule..").should().dependOnClassesThat()
                .resideInAPackage("org.quartz..").check(GANTRY);
        noClasses().that().resideOutsideOfPackage("dev.gantry.engine.cli..").should().dependOnClassesThat()
                .resideInAPackage("picocli..").check(GANTRY);
        noClasses().that().resideOutsideOfPackages("dev.gantry.server..", "dev.gantry.steps..").should()
                .dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "io.micrometer..",
                        "io.prometheus..")
                .check(GANTRY);
    }

    @Test
    void theServerReadsTheStoreThroughThePublicApiAlone() {
        noClasses().that().resideInAPackage("dev.gantry.server..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.gantry.engine.internal..", "dev.gantry.engine.cli..").check(GANTRY);
    }

    @Test
    void theApiAndThePlugInInterfacesShowNoInternalOrThirdPartyType() {
        // A class may log, through SLF4J's two entry types: a private logger shows in no signature.
        classes().that().resideInAnyPackage("dev.gantry.engine.api..", "dev.gantry.engine.spi..")
                .should().onlyDependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("java..", "javax..",
                                "com.sun.management..", "dev.gantry.spec..", "dev.gantry.settings..", "dev.gantry.error..",
                                "dev.gantry.engine.api..", "dev.gantry.engine.spi..", "dev.gantry.engine.hash..")
                        .or(JavaClass.Predicates.belongToAnyOf(Logger.class, LoggerFactory.class)))
                .check(GANTRY);
    }

    @Test
    void executorsPlugInThroughTheInterfacesAlone() {
        noClasses().that().resideInAnyPackage("dev.gantry.engine.docker..", "dev.gantry.engine.kubernetes..",
                "dev.gantry.engine.slurm..").should()
                .dependOnClassesThat().resideInAnyPackage("dev.gantry.engine.internal..", "dev.gantry.engine")
                .check(GANTRY);
    }

    @Test
    void thePipelineModelKnowsNothingOfTheEngine() {
        noClasses().that().resideInAnyPackage("dev.gantry.spec..", "dev.gantry.dsl..", "dev.gantry.yaml..",
                "dev.gantry.validation..", "dev.gantry.settings..").should().dependOnClassesThat().resideInAPackage("dev.gantry.engine..")
                .check(GANTRY);
    }
}
