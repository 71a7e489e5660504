package com.lealup.app.identity;

import static com.lealup.app.support.Problems.assertFieldErrors;
import static com.lealup.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerritoriesApiTest extends ApiTest {

    @Test
    void createdTerritoriesAreListedByName() {
        Workspace workspace = newWorkspace();

        Response created = create(workspace.token(), "  LATAM ");
        create(workspace.token(), "emea");
        create(workspace.token(), "APAC");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(id).startsWith("ter_");
        assertThat(created.header("Location")).isEqualTo("/v1/territories/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.json().path("name").asText()).isEqualTo("LATAM");
        assertThat(created.json().path("tenant_id").asText()).isEqualTo(workspace.id());
        // the time as the store keeps it (microseconds), as every later read shows it
        assertThat(created.json().path("created_at").asText()).matches(".*T[0-9:]{8}(\\.[0-9]{1,6})?Z");
        Response first = http().get("/v1/territories?limit=2").token(workspace.token()).send();
        Response second = http().get("/v1/territories?limit=2&cursor=" + first.json().path("next_cursor").asText())
                .token(workspace.token()).send();
        List<String> names = new ArrayList<>(first.json().path("data").findValuesAsText("name"));
        names.addAll(second.json().path("data").findValuesAsText("name"));
        assertThat(names).containsExactly("APAC", "emea", "LATAM");
        assertThat(second.json().path("data").get(0).path("created_at")).isEqualTo(created.json().path("created_at"));
        assertThat(http().get("/v1/territories?cursor=nonsense").token(workspace.token()).send().status()).isEqualTo(400);
        // another workspace sees none of them
        assertThat(http().get("/v1/territories").token(newWorkspace().token()).send().json().path("data").size()).isZero();
    }

    @Test
    void aTerritoryIsReadWhereItsLocationPoints() {
        Workspace workspace = newWorkspace();
        Response created = create(workspace.token(), "LATAM");

        Response read = http().get(created.header("Location")).token(workspace.token()).send();
        Response theirs = http().get(created.header("Location")).token(newWorkspace().token()).send();
        Response missing = http().get("/v1/territories/ter_01JD3K4Z5X6Y7W8V9T0S1R2Q3P").token(workspace.token()).send();

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(created.json());
        assertThat(read.header("ETag")).isNotBlank();
        assertThat(http().get(created.header("Location")).token(workspace.token())
                .header("If-None-Match", read.header("ETag")).send().status()).isEqualTo(304);
        assertThat(theirs.status()).as(theirs.toString()).isEqualTo(404);
        assertThat(theirs.json().path("type")).isEqualTo(missing.json().path("type"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(http().get("/v1/territories/nonsense").token(workspace.token()).send().status()).isEqualTo(404);
    }

    @Test
    void aDuplicateNameIs409() {
        String token = newWorkspace().token();
        String existing = create(token, "LATAM").json().path("id").asText();

        Response duplicate = create(token, "latam");

        assertProblem(duplicate, 409, "duplicate_territory_name");
        assertThat(duplicate.json().path("existing_id").asText()).isEqualTo(existing);
        // a zero-width space or a bidirectional mark makes no second LATAM: they read alike
        for (String alike : new String[] {"LA\u200BTAM", "\u200ELatam", "LA\uFEFFTAM", "LATAM\uFE0F", "\u00A0LATAM\u3000"}) {
            assertProblem(create(token, alike), 409, "duplicate_territory_name");
        }
    }

    @Test
    void badNamesAre400() {
        String token = newWorkspace().token();
        // name is a territory's one field: its error is the one a 400 names
        assertFieldErrors(create(token, ""), "name required");
        assertFieldErrors(create(token, "x".repeat(201)), "name too_long");
        // a control character inside a name, or an escape trimming would take off the front and leave the rest
        for (String controlled : new String[] {"North\nSouth", "a\u0001b", "\u001B[31mred", "x\u0085", "a\u2028b"}) {
            assertFieldErrors(create(token, controlled), "name invalid_value");
        }
        Response trimmed = create(token, " \tNorth\n");
        assertThat(trimmed.status()).as("white space around a name is taken off").isEqualTo(201);
        assertThat(trimmed.json().path("name").asText()).isEqualTo("North");
        assertThat(http().post("/v1/territories").token(token).json(Map.of("name", "A", "x", 1)).send().status()).isEqualTo(400);
        assertThat(http().post("/v1/territories").token(token).json("{").send().status()).isEqualTo(400);
    }

    @Test
    void managersAndAdminsCreateAndEveryoneLists() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        String manager = calls.key("manager", List.of("admin:*"), null);
        String csm = calls.key("csm", List.of("admin:*"), null);
        String viewer = calls.key("viewer", List.of("users:read"), null);

        assertThat(create(manager, "LATAM").status()).isEqualTo(201);
        assertThat(create(csm, "EMEA").status()).isEqualTo(403);
        assertThat(create(viewer, "EMEA").status()).isEqualTo(403);
        assertThat(http().get("/v1/territories").token(viewer).send().status()).isEqualTo(200);
        assertThat(http().get("/v1/territories").send().status()).isEqualTo(401);
    }

    private Response create(String token, String name) {
        return http().post("/v1/territories").token(token).json(Map.of("name", name)).send();
    }
}
