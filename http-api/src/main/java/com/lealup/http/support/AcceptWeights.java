package com.lealup.http.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code Accept} weights of zero (RFC 9110 §12.4.2: "not acceptable"), which Spring's negotiation does not read: JSON
 * is not acceptable when the most specific range that includes it ({@code application/json}, then
 * {@code application/*}, then {@code *}{@code /*}) has {@code q=0}, so {@code application/json;q=0, *}{@code /*} and
 * {@code *}{@code /*;q=0} are {@code 406 not_acceptable} like {@code application/xml}.
 */
@Component
class AcceptWeights implements HandlerInterceptor, WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        if (handler instanceof HandlerMethod && refusesJson(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)))) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON));
        }
        return true;
    }

    static boolean refusesJson(List<String> accept) {
        List<MediaType> ranges;
        try {
            ranges = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            // Spring's negotiation answers what cannot be read
            return false;
        }
        MediaType closest = null;
        for (MediaType range : ranges) {
            if (range.includes(MediaType.APPLICATION_JSON) && (closest == null
                    || specificity(range) > specificity(closest)
                    || specificity(range) == specificity(closest) && range.getQualityValue() > closest.getQualityValue())) {
                closest = range;
            }
        }
        return closest != null && closest.getQualityValue() == 0;
    }

    private static int specificity(MediaType range) {
        return range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
    }
}
