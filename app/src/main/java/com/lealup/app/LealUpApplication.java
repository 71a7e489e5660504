package com.lealup.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The LealUp server: http-api, command side and query side in one process (standalone mode). */
@SpringBootApplication(scanBasePackages = "com.lealup")
@EnableScheduling
public class LealUpApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(LealUpApplication.class, args);
        } catch (RuntimeException startFailed) {
            // Spring has logged the cause and closed the context, but a failure after Axon started (an
            // ApplicationRunner) leaves Axon's non-daemon task janitor thread behind: without an explicit exit
            // the JVM of a server that failed to start would live on, serving nothing
            System.exit(1);
        }
    }
}
