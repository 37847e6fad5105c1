package io.github.mailoauth2.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.mailoauth2.internal.CommandLineToolkit;
import org.junit.jupiter.api.Test;

/**
 * The command line stands on public API and the documented toolkit ({@link CommandLineToolkit}): an
 * application can do what it does with the same classes, and an internal class changes without breaking it.
 */
class CliUsesOnlyTheToolkitTest {
    private static final DescribedPredicate<JavaClass> OUTSIDE_THE_TOOLKIT =
            DescribedPredicate.describe("are internal and outside @CommandLineToolkit", CliUsesOnlyTheToolkitTest::outside);

    @Test
    void theCommandLineUsesNoOtherInternalClass() {
        noClasses().should().dependOnClassesThat(OUTSIDE_THE_TOOLKIT)
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.github.mailoauth2.cli"));
    }

    /** An internal class that is not marked, nor nested in a marked one (the authorizations of OAuth2Client). */
    private static boolean outside(JavaClass type) {
        if (!type.getPackageName().startsWith("io.github.mailoauth2.internal")) {
            return false;
        }
        for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
            if (c.isAnnotatedWith(CommandLineToolkit.class)) {
                return false;
            }
        }
        return true;
    }
}
