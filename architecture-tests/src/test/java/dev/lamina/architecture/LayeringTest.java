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
                "dev.lamina.bench", "dev.lamina.cli", "dev.lamina.onnx"));
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
    void guiceStaysInsideCoreAndTheCli() {
        noClasses().that().resideOutsideOfPackages("dev.lamina.core..", "dev.lamina.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..")
                .check(lamina);
        // Lamina's static front door constructs what it needs; Guice is LaminaModule's business
        noClasses().that().haveFullyQualifiedName("dev.lamina.core.Lamina")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..")
                .check(lamina);
    }

    @Test
    void demoDataIsNotPartOfTheApi() {
        // The notebook example serves lamina run notebook and the kit; nothing else of Lamina builds on it.
        noClasses().that().resideOutsideOfPackages("dev.lamina.core.examples..", "dev.lamina.cli..",
                        "dev.lamina.conformance..")
                .should().dependOnClassesThat().resideInAPackage("dev.lamina.core.examples..")
                .check(lamina);
    }

    @Test
    void theLaminaJarDoesNotCarryTheBenchmark() {
        // lamina bench starts bench/target/lamina-bench.jar in a child JVM: JMH and ONNX Runtime stay out of cli
        noClasses().that().resideInAPackage("dev.lamina.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lamina.bench..", "org.openjdk.jmh..",
                        "ai.onnxruntime..")
                .check(lamina);
    }

    /** The checkout's main Java sources (every module's src/main, not build outputs), relative to the root. */
    private static List<Path> mainSources() throws IOException {
        Path root = ROOT;
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .map(root::relativize)
                    .toList();
        }
    }

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        List<Path> missing = mainSources().stream().filter(p -> !p.startsWith("examples"))
                .map(p -> ROOT.resolve(p).getParent()).distinct()
                .filter(dir -> !Files.exists(dir.resolve("package-info.java")) && !infoInSibling(dir))
                .map(ROOT::relativize).sorted().toList();
        assertEquals(List.of(), missing);
    }

    /** backend-tornadovm's package spans src/main/java and src/main/java17; one package-info serves both. */
    private static boolean infoInSibling(Path dir) {
        String s = dir.toString();
        return s.contains("/src/main/java/") && Files.exists(Path.of(s.replace("/src/main/java/", "/src/main/java17/"))
                .resolve("package-info.java"));
    }

    @Test
    void everyJarNamesItsModule() throws IOException {
        // The root pom writes ${lamina.module} as Automatic-Module-Name into every jar's manifest.
        Path root = ROOT;
        String parent = Files.readString(root.resolve("pom.xml"));
        assertTrue(parent.contains("<Automatic-Module-Name>${lamina.module}</Automatic-Module-Name>"));
        java.util.regex.Matcher modules = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        int checked = 0;
        while (modules.find()) {
            String pom = Files.readString(root.resolve(modules.group(1)).resolve("pom.xml"));
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("<lamina.module>([^<]+)</lamina.module>")
                    .matcher(pom);
            assertTrue(name.find(), modules.group(1) + "/pom.xml sets no lamina.module");
            assertTrue(name.group(1).matches("dev\\.lamina(\\.[a-z]+)+"), name.group(1));
            checked++;
        }
        assertEquals(13, checked, "every module of the root pom, the Java 25 ones included");
    }

    @Test
    void protobufStaysInTheOnnxModule() {
        noClasses().that().resideOutsideOfPackage("dev.lamina.onnx..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.protobuf..")
                .check(lamina);
        classes().that().resideInAPackage("dev.lamina.onnx..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.lamina.api..",
                        "dev.lamina.core..", "dev.lamina.onnx..", "com.google.protobuf..")
                .check(lamina);
    }

    @Test
    void coreNeverDependsOnTheOnnxModule() {
        noClasses().that().resideInAnyPackage("dev.lamina.core..", "dev.lamina.api..", "dev.lamina.spi..",
                        "dev.lamina.backend..")
                .should().dependOnClassesThat().resideInAPackage("dev.lamina.onnx..")
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
    void serviceLoaderIsUsedInOneClass() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.lamina.core.BackendDiscovery")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.ServiceLoader")
                .check(lamina);
        classes().that().haveFullyQualifiedName("dev.lamina.core.BackendDiscovery")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.ServiceLoader")
                .check(lamina);
    }

    /**
     * The conformance kit's packages are layered: the reference implementation stands alone, the cases use
     * it, the reports see cases and reference, and only the entry points (dev.lamina.conformance) see all.
     */
    @Test
    void theKitsPackagesAreLayered() {
        String kit = "dev.lamina.conformance";
        noClasses().that().resideInAPackage(kit + ".reference")
                .should().dependOnClassesThat().resideInAnyPackage(kit, kit + ".cases", kit + ".report")
                .check(lamina);
        noClasses().that().resideInAPackage(kit + ".cases")
                .should().dependOnClassesThat().resideInAnyPackage(kit, kit + ".report")
                .check(lamina);
        noClasses().that().resideInAPackage(kit + ".report")
                .should().dependOnClassesThat().resideInAPackage(kit)
                .check(lamina);
    }

    @Test
    void theBackendPropertyIsReadInOneClass() throws IOException {
        // The constant is inlined by javac, so bytecode cannot show who reads it: scan the sources.
        List<Path> readers = mainSources().stream().filter(p -> readsBackendSetting(ROOT.resolve(p))).toList();
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
