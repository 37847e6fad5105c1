package io.github.mailoauth2;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Which of the library's packages may depend on which: the facade ({@link MailOAuth2}) sits on top and only
 * delegates to {@code internal.runtime} and the SASL provider's installation; internal code reaches the state it
 * shares through {@code internal.runtime}, never through the facade; the API packages an application or plug-in
 * compiles against know nothing of {@code internal}; and no two packages depend on each other, directly or around a
 * circle. A failure names the classes and the line of the dependency.
 */
class PackageArrowsTest {
    private static final String ROOT = "io.github.mailoauth2";
    /** The library's own classes (target/classes), not the class path: scanning every jar would take seconds. */
    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(classes());

    private static Path classes() {
        try {
            return Path.of(MailOAuth2.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void internalCodeNeverClimbsToTheFacade() {
        noClasses().that().resideInAPackage(ROOT + ".internal..")
                .should().dependOnClassesThat().resideInAPackage(ROOT)
                .because("internal code reaches shared state through internal.runtime; the facade only delegates")
                .check(LIBRARY);
    }

    @Test
    void theApiPackagesKnowNothingOfInternal() {
        noClasses().that().resideInAnyPackage(ROOT + ".token..", ROOT + ".store..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".internal..")
                .because("applications and plug-ins compile against them, and internal packages may change in any release")
                .check(LIBRARY);
    }

    @Test
    void noCycleBetweenPackages() {
        // "io.github.(**)": the facade's package is a slice too ("mailoauth2"), beside "mailoauth2.internal.sasl" etc.
        slices().matching("io.github.(**)").should().beFreeOfCycles().check(LIBRARY);
    }
}
