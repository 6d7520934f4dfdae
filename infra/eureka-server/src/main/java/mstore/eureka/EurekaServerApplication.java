package mstore.eureka;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

@SpringBootApplication
@EnableEurekaServer
public class EurekaServerApplication {

  public static void main(String[] args) {
    SpringApplication.run(EurekaServerApplication.class, args);
  }

  /**
   * Everything behind HTTP basic auth except the health probe. CSRF is off for
   * the REST API because Eureka clients (eureka-js-client) post without a token.
   */
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http.csrf(csrf -> csrf.ignoringRequestMatchers("/eureka/**"))
        .authorizeHttpRequests(auth -> auth
            .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
            .anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults());
    return http.build();
  }

  /**
   * The registry's one credential is a shared secret given in plain text (EUREKA_PASSWORD), so
   * hashing it protects nothing. Without this bean Spring "upgrades" the {noop} password to bcrypt
   * after the first login, and every heartbeat and registry fetch then cost about 80 ms of CPU
   * (5 services: a sixth of a core). Compared in constant time; never upgraded.
   */
  @Bean
  PasswordEncoder sharedSecretEncoder() {
    return new PasswordEncoder() {
      @Override
      public String encode(CharSequence raw) {
        return raw.toString();
      }

      @Override
      public boolean matches(CharSequence raw, String stored) {
        return stored != null
            && MessageDigest.isEqual(raw.toString().getBytes(UTF_8), stored.getBytes(UTF_8));
      }
    };
  }
}
