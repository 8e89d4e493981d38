package dev.retort.spring.boot.autoconfigure;

import dev.retort.runtime.Retort;
import dev.retort.spring.boot.actuate.RetortEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The {@code retort} actuator endpoint, when Actuator is on the class path, there is a {@link
 * Retort} bean, and the endpoint is enabled and exposed ({@code management.endpoints.web.exposure.
 * include=retort}).
 */
@AutoConfiguration(after = RetortAutoConfiguration.class)
@ConditionalOnClass({Retort.class, Endpoint.class})
@ConditionalOnAvailableEndpoint(endpoint = RetortEndpoint.class)
public class RetortEndpointAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public RetortEndpointAutoConfiguration() {}

  /** The endpoint, over the context's Retort beans. */
  @Bean
  @ConditionalOnBean(Retort.class)
  @ConditionalOnMissingBean
  public RetortEndpoint retortEndpoint(ApplicationContext context) {
    return new RetortEndpoint(context);
  }
}
