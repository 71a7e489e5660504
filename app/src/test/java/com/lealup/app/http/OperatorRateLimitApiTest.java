package com.lealup.app.http;

import static com.lealup.app.http.ConventionsApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.LealUpApplication;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.RateLimits;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.util.FileSystemUtils;

/**
 * The operator's requests are limited together, in a class of their own (docs/conventions.md, "Rate limits"), apart
 * from every workspace's. A server of its own: a lowered operator limit would refuse the workspaces other tests make.
 */
@SpringBootTest(classes = LealUpApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "lealup.data-dir=" + OperatorRateLimitApiTest.DATA_DIR,
                "lealup.db.embedded.durable=false",
                "lealup.operator-token=" + ApiTest.OPERATOR_TOKEN,
                "lealup.bootstrap-token=" + ApiTest.BOOTSTRAP_TOKEN,
                "lealup.rate-limits.classes.operator.limit=" + OperatorRateLimitApiTest.OPERATOR_LIMIT,
        })
class OperatorRateLimitApiTest extends ApiTest {

    static final String DATA_DIR = "target/test-data-operator-limit";
    static final int OPERATOR_LIMIT = 6;

    static {
        FileSystemUtils.deleteRecursively(Path.of(DATA_DIR).toFile());
    }

    @Test
    void theOperatorsRequestsAreLimitedTogetherAndApartFromTheWorkspaces() throws InterruptedException {
        RateLimits.startWithinOneWindow(clock);
        Workspace workspace = newWorkspace();
        String path = "/v1/workspaces/" + workspace.id();

        Response answer = http().get(path).token(OPERATOR_TOKEN).send();
        int granted = 1;
        for (; answer.status() == 200; granted++) {
            assertThat(answer.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(OPERATOR_LIMIT));
            assertThat(granted).as("reads granted besides the creation").isLessThan(OPERATOR_LIMIT);
            // a workspace's own requests take nothing from the operator's quota
            assertThat(http().get("/v1/api-keys").token(workspace.token()).send().status()).isEqualTo(200);
            answer = http().get(path).token(OPERATOR_TOKEN).send();
        }

        assertThat(granted).as("the creation and the reads before the 429").isEqualTo(OPERATOR_LIMIT);
        assertProblem(answer, 429, "rate_limited");
        assertThat(answer.json().path("limit_class").asText()).isEqualTo("operator");
        assertThat(answer.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, 60L);
        // every operator path counts against the one quota
        assertProblem(http().post("/v1/workspaces").token(OPERATOR_TOKEN)
                .json(java.util.Map.of("name", "Another", "tier", "growth")).send(), 429, "rate_limited");
        assertThat(http().get("/v1/api-keys").token(workspace.token()).send().status()).isEqualTo(200);
    }
}
