package dev.lamina.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layering rules of the house style, checked on the compiled classes of every module. */
class LayeringTest {
    private static JavaClasses lamina;

    @BeforeAll
    static void importClasses() {
        lamina = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lamina");
        assertTrue(lamina.size() > 50, "expected every module's classes, found " + lamina.size());
    }

    /** The rules below would pass vacuously on a module that was never imported: check each one is there. */
    @Test
    void everyModuleIsImported() {
        List<String> packages = new java.util.ArrayList<>(List.of("dev.lamina.api", "dev.lamina.spi", "dev.lamina.core",
                "dev.lamina.backend.cpu", "dev.lamina.backend.blas", "dev.lamina.conformance", "dev.lamina.inspect",
                "dev.lamina.bench", "dev.lamina.cli", "dev.lamina.spark"));
        if (Runtime.version().feature() >= 25) {
            packages.add("dev.lamina.backend.tornadovm"); // built only by a JDK 25
        }
        for (String p : packages) {
            assertTrue(lamina.containPackage(p), "no classes imported from " + p);
        }
    }

    @Test
    void apiAndSpiDependOnlyOnTheJdk() {
        ArchRule rule = classes().that().resideInAnyPackage("dev.lamina.api..", "dev.lamina.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.lamina.api..", "dev.lamina.spi..");
        rule.check(lamina);
    }

    @Test
    void backendsNeverImportEachOther() {
        for (String a : List.of("cpu", "blas", "tornadovm")) {
            for (String b : List.of("cpu", "blas", "tornadovm")) {
                if (!a.equals(b)) {
                    noClasses().that().resideInAPackage("dev.lamina.backend." + a + "..")
                            .should().dependOnClassesThat().resideInAPackage("dev.lamina.backend." + b + "..")
                            .allowEmptyShould(true).check(lamina);
                }
            }
        }
    }

    @Test
    void backendsDependOnTheApiNotOnCore() {
        noClasses().that().resideInAPackage("dev.lamina.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lamina.core..", "dev.lamina.cli..")
                .check(lamina);
    }

    @Test
    void guiceStaysInsideCore() {
        noClasses().that().resideOutsideOfPackage("dev.lamina.core..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..")
                .check(lamina);
    }

    @Test
    void nativeAndGpuLibrariesStayInTheirBackends() {
        noClasses().that().resideOutsideOfPackage("dev.lamina.backend.blas..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..")
                .check(lamina);
        noClasses().that().resideOutsideOfPackage("dev.lamina.backend.tornadovm..")
                .should().dependOnClassesThat().resideInAnyPackage("uk.ac.manchester.tornado..")
                .check(lamina);
    }

    @Test
    void sparkStaysInItsModule() {
        // lamina-spark has Spark in provided scope: nothing else may need it, or users without Spark break.
        noClasses().that().resideOutsideOfPackage("dev.lamina.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
                .check(lamina);
    }

    @Test
    void serviceLoaderIsUsedInOneClass() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.lamina.core.BackendDiscovery")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.ServiceLoader")
                .check(lamina);
        classes().that().haveFullyQualifiedName("dev.lamina.core.BackendDiscovery")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.ServiceLoader")
                .check(lamina);
    }

    @Test
    void theBackendPropertyIsReadInOneClass() throws IOException {
        // The constant is inlined by javac, so bytecode cannot show who reads it: scan the sources.
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> readers;
        try (Stream<Path> files = Files.walk(root)) {
            readers = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/"))
                    .filter(p -> p.toString().indexOf("/target/") < 0)
                    .filter(LayeringTest::readsBackendSetting)
                    .map(root::relativize)
                    .toList();
        }
        assertEquals(List.of(Path.of("core/src/main/java/dev/lamina/core/BackendConfig.java")), readers);
    }

    private static boolean readsBackendSetting(Path p) {
        try {
            String s = Files.readString(p);
            return s.contains("\"lamina.backend\"") || s.contains("\"LAMINA_BACKEND\"");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
