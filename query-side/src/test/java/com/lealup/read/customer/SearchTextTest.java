package com.lealup.read.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.read.ReadModelDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The search key of a customer's name and of a search's q: case, marks and the letters without marks folded. */
class SearchTextTest {

    private static final String WS = "wsp_search_text_test";

    @Test
    void foldsCaseMarksAndTheLettersThatHaveNoMarkAsUnaccentDoes() {
        assertThat(SearchText.key("Compañía")).isEqualTo("compania");
        assertThat(SearchText.key("Øresund")).isEqualTo("oresund");
        assertThat(SearchText.key("straße GmbH")).isEqualTo("strasse gmbh");
        assertThat(SearchText.key("STRAẞE")).isEqualTo("strasse");
        assertThat(SearchText.key("Łódź")).isEqualTo("lodz");
        assertThat(SearchText.key("Æble ApS")).isEqualTo("aeble aps");
        assertThat(SearchText.key("Œuvre")).isEqualTo("oeuvre");
        assertThat(SearchText.key("Þór Đurđevac Ðorð")).isEqualTo("thor durdevac dord");
        assertThat(SearchText.key("Iıİ Ħal Ŧ Ŋ ƒ")).isEqualTo("iii hal t n f");
        assertThat(SearchText.key(null)).isEmpty();
    }

    @Test
    void theGreekSigmaHasOneFormWhereverItStands() {
        assertThat(SearchText.key("ΟΔΥΣΣΕΥΣ")).isEqualTo(SearchText.key("Οδυσσεύς")).isEqualTo("οδυσσευσ");
        assertThat(SearchText.containsPattern("ΟΔΥΣ")).as("Java lowers its last Σ to ς").isEqualTo("%οδυσ%");
    }

    @Test
    void aSearchLooksForTheKeyOfItsText() {
        assertThat(SearchText.containsPattern("ØRESUND")).isEqualTo("%oresund%");
        assertThat(SearchText.containsPattern("Straße 50%_")).isEqualTo("%strasse 50\\%\\_%");
    }

    @Test
    void aKeyIsBoundedAndNeverSplitsACharacter() {
        assertThat(SearchText.key("ß".repeat(200))).isEqualTo("ss".repeat(200));
        String expanded = SearchText.key("ﷺ".repeat(200));
        assertThat(expanded.codePointCount(0, expanded.length())).isEqualTo(SearchText.MAX_LENGTH);
        String astral = SearchText.key("ﬃ" + "😀".repeat(398));
        assertThat(astral).isEqualTo("ffi" + "😀".repeat(397));
    }

    /** V41 rewrote the keys stored before it: each is the key this class makes of its name. */
    @Test
    void theMigrationGivesTheKeysStoredBeforeItTheKeysOfToday() throws IOException {
        List<String> names = new ArrayList<>(List.of("Øresund A/S", "straße GmbH", "Łódź Corp", "Æble ApS"));
        StringBuilder letters = new StringBuilder();
        for (int c = 0xC0; c <= 0x24F; c++) {
            if (Character.isLetter(c)) {
                letters.appendCodePoint(c).appendCodePoint(Character.toLowerCase(c));
            }
            if (letters.length() >= 100) {
                names.add(letters.toString());
                letters.setLength(0);
            }
        }
        names.add(letters.toString());
        assertMigrationGivesTodaysKeys("V41__customer_search_keys_fold_letters.sql", names,
                SearchTextTest::keyBeforeV41);
    }

    /** V47 gave the keys stored before it one sigma: each is the key this class makes of its name. */
    @Test
    void theMigrationGivesTheKeysStoredBeforeItOneSigma() throws IOException {
        assertMigrationGivesTodaysKeys("V47__customer_search_keys_one_sigma.sql",
                List.of("ΟΔΥΣΣΕΥΣ Ναυτιλιακή", "Σίσυφος ΑΕ", "Acme"), name -> SearchText.key(name).replace('σ', 'ς'));
    }

    /**
     * Stores customers of these names with the keys {@code keyBefore} makes, runs the migration's script on them, and
     * finds each one's keys the keys this class makes now.
     */
    private void assertMigrationGivesTodaysKeys(String migration, List<String> names, UnaryOperator<String> keyBefore)
            throws IOException {
        JdbcClient jdbc = ReadModelDatabase.jdbc();
        String prefix = "cus_" + migration.substring(0, migration.indexOf("__")) + "_";
        for (int i = 0; i < names.size(); i++) {
            String key = keyBefore.apply(names.get(i));
            jdbc.sql("""
                            INSERT INTO customer_view (id, workspace_id, name, name_key, search_text, email_domain, arr,
                                currency, status, forecast_category, created_at, updated_at, version)
                            VALUES (?, ?, ?, ?, ?, ?, 0, 'USD', 'active', 'pipeline', now(), now(), 1)""")
                    .params(prefix + i, WS, names.get(i), key, key + " c" + i + ".com", "c" + i + ".com")
                    .update();
        }

        try (InputStream script = getClass().getResourceAsStream("/db/migration/query-side/" + migration)) {
            jdbc.sql(new String(script.readAllBytes(), StandardCharsets.UTF_8)).update();
        }

        for (int i = 0; i < names.size(); i++) {
            assertThat(jdbc.sql("SELECT name_key || '|' || search_text FROM customer_view WHERE id = ?")
                    .param(prefix + i).query(String.class).single()).as(names.get(i))
                    .isEqualTo(SearchText.key(names.get(i)) + "|" + SearchText.key(names.get(i)) + " c" + i + ".com");
        }
    }

    /** The key as the projection made it before V41: decomposed, without marks, lowered. */
    private static String keyBeforeV41(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    }
}
