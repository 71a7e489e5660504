package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unicode's table 3-7 of well-formed UTF-8, byte by byte. */
class WellFormedUtf8Test {

    @ParameterizedTest
    @CsvSource({
            "61, -1", "7f, -1", "c2a9, -1", "dfbf, -1", "e0a080, -1", "e282ac, -1", "ed9fbf, -1", "ee8080, -1",
            "efbfbf, -1", "f0908080, -1", "f09f9880, -1", "f48fbfbf, -1",
            "c080, 0", "c1bf, 0", "e08080, 0", "e09fbf, 0", "f0808080, 0", "f08fbfbf, 0", // overlong
            "eda080, 0", "edbfbf, 0", "eda080edb080, 0", // surrogates, CESU-8's pair among them
            "f4908080, 0", "f5808080, 0", "ff, 0", // past U+10FFFF
            "80, 0", "bf, 0", "c2, 0", "e282, 0", "f09f98, 0", "c241, 0", "e28241, 0", // cut or lone
            "6162c080, 2", "61e282ac62c0, 5"})
    void findsTheFirstIllFormedSequence(String hex, int at) {
        assertThat(WellFormedUtf8.firstIllFormed(HexFormat.of().parseHex(hex))).isEqualTo(at);
    }

    @Test
    void agreesWithJavasStrictDecoderOnRandomBytes() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(8)];
            random.nextBytes(bytes);
            assertThat(WellFormedUtf8.firstIllFormed(bytes) < 0).as(HexFormat.of().formatHex(bytes))
                    .isEqualTo(decodes(bytes));
        }
    }

    private static boolean decodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
