package com.lealup.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lealup.api.DomainRejection;
import com.lealup.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The JDBC name claims on the real tables: unique per workspace and kind, case-insensitively, the holder named. */
class NameClaimsTest {

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final NameClaims names = new JdbcNameClaims(jdbc);
    // ids of their own per test: the claims stay in the one database of the test JVM
    private final long run = System.nanoTime();
    private final String ws = "wsp_names_test_" + run;
    private final String id1 = "id_1_" + run;
    private final String id2 = "id_2_" + run;

    @ParameterizedTest
    @EnumSource(NameClaims.Kind.class)
    void aNameIsTakenWhateverItsCaseAndTheHolderIsNamed(NameClaims.Kind kind) {
        names.claim(kind, ws, "Enterprise", id1);

        assertThatThrownBy(() -> names.claim(kind, ws, "ENTERPRISE", id2))
                .isInstanceOfSatisfying(DomainRejection.class, rejection -> {
                    assertThat(rejection.details().kind()).isEqualTo(DomainRejection.Kind.CONFLICT);
                    assertThat(rejection.details().code()).isEqualTo("duplicate_" + kind.noun + "_name");
                    assertThat(rejection.details().extra()).containsEntry("existing_id", id1);
                })
                .hasMessage("A " + kind.noun + " named 'ENTERPRISE' already exists: " + id1);
        assertThat(claims(kind)).containsExactly("enterprise " + id1);
    }

    @ParameterizedTest
    @EnumSource(NameClaims.Kind.class)
    void anotherWorkspaceMayUseTheSameName(NameClaims.Kind kind) {
        names.claim(kind, ws, "SMB", id1);
        names.claim(kind, ws + "_other", "SMB", id2);

        assertThat(claims(kind)).containsExactly("smb " + id1);
    }

    private List<String> claims(NameClaims.Kind kind) {
        return jdbc.sql("SELECT name_key || ' ' || " + kind.holderColumn + " FROM " + kind.table + " WHERE workspace_id = ?")
                .params(ws).query(String.class).list();
    }
}
