package com.lealup.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The LealUp server: http-api, command side and query side in one process (standalone mode). */
@SpringBootApplication(scanBasePackages = "com.lealup")
@EnableScheduling
public class LealUpApplication {

    public static void main(String[] args) {
        SpringApplication.run(LealUpApplication.class, args);
    }
}
