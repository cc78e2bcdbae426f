package dev.sextant.server.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.sweep.SweepConfig.EarlyTerminate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SweepConfigParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SweepConfig parse(String json) throws Exception {
        return SweepConfigParser.parse(JSON.readTree(json), 7);
    }

    @Test
    void the_config_shape_w_and_b_users_know_is_read_whole() throws Exception {
        var config = parse("""
                {"method":"bayes", "metric":{"name":"val/loss","goal":"minimize"},
                 "parameters":{"lr":{"distribution":"log_uniform","min":1e-5,"max":1e-1},
                   "optimizer":{"values":["adam","sgd"]},
                   "layers":{"distribution":"int_uniform","min":2,"max":8},
                   "dropout":{"distribution":"q_uniform","min":0,"max":0.5,"q":0.05},
                   "model.width":{"value":256}},
                 "run_cap":50, "early_terminate":{"type":"hyperband","min_iter":3,"eta":3}}""");
        assertThat(config.method()).isEqualTo(SweepConfig.Method.BAYES);
        assertThat(config.metric()).isEqualTo(new SweepConfig.Metric("val/loss", SweepConfig.Goal.MINIMIZE));
        assertThat(config.parameters()).extracting(SweepConfig.Parameter::name)
                .containsExactly("lr", "optimizer", "layers", "dropout", "model.width");
        assertThat(config.parameters().get(0).domain()).isEqualTo(new Domain.LogUniform(1e-5, 1e-1));
        assertThat(config.parameters().get(2).domain()).isEqualTo(new Domain.IntUniform(2, 8));
        assertThat(config.runCap()).isEqualTo(50);
        assertThat(config.earlyTerminate()).isEqualTo(new EarlyTerminate(EarlyTerminate.Type.HYPERBAND, 3, 3, 3));
        assertThat(config.seed()).isEqualTo(7);
    }

    @Test
    void nested_parameters_become_dotted_names() throws Exception {
        var config = parse("""
                {"method":"grid","parameters":{"model":{"parameters":{"width":{"values":[64,128]}}}}}""");
        assertThat(config.parameters()).extracting(SweepConfig.Parameter::name).containsExactly("model.width");
    }

    @Test
    void min_and_max_without_a_distribution_are_integers_when_both_are() throws Exception {
        var config = parse("""
                {"method":"random","parameters":{"a":{"min":1,"max":4},"b":{"min":0.0,"max":1}}}""");
        assertThat(config.parameters().get(0).domain()).isEqualTo(new Domain.IntUniform(1, 4));
        assertThat(config.parameters().get(1).domain()).isEqualTo(new Domain.Uniform(0, 1));
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                arguments("[]", "sweep config field 'config' must be a JSON object"),
                arguments("{\"parameters\":{\"a\":{\"value\":1}}}", "sweep config field 'method' must be one of grid, random, bayes"),
                arguments("{\"method\":\"annealing\",\"parameters\":{\"a\":{\"value\":1}}}",
                        "sweep config field 'method' must be one of grid, random, bayes, got 'annealing'"),
                arguments("{\"method\":\"grid\"}", "sweep config field 'parameters' must be a non-empty object"),
                arguments("{\"method\":\"grid\",\"parameters\":{\"a\":{\"value\":1}},\"runcap\":3}",
                        "sweep config field 'runcap' is not a sweep config field"),
                arguments("{\"method\":\"bayes\",\"parameters\":{\"a\":{\"min\":0,\"max\":1.5}}}",
                        "sweep config field 'metric' is required for method 'bayes'"),
                arguments("{\"method\":\"random\",\"metric\":{\"goal\":\"up\"},\"parameters\":{\"a\":{\"value\":1}}}",
                        "sweep config field 'metric.name' must be a non-empty string"),
                arguments("{\"method\":\"random\",\"metric\":{\"name\":\"m\",\"goal\":\"up\"},\"parameters\":{\"a\":{\"value\":1}}}",
                        "sweep config field 'metric.goal' must be minimize or maximize, got \"up\""),
                arguments("{\"method\":\"random\",\"parameters\":{\"lr\":{\"distribution\":\"log_uniform\",\"min\":0,\"max\":1}}}",
                        "sweep config field 'parameters.lr.min' must be greater than 0 for a log distribution, got 0.0"),
                arguments("{\"method\":\"random\",\"parameters\":{\"lr\":{\"distribution\":\"uniform\",\"min\":1,\"max\":1}}}",
                        "sweep config field 'parameters.lr.max' must be greater than min (1.0), got 1.0"),
                arguments("{\"method\":\"random\",\"parameters\":{\"lr\":{\"distribution\":\"uniform\",\"min\":\"a\",\"max\":1}}}",
                        "sweep config field 'parameters.lr.min' must be a finite number, got \"a\""),
                arguments("{\"method\":\"random\",\"parameters\":{\"lr\":{\"distribution\":\"beta\",\"min\":0,\"max\":1}}}",
                        "sweep config field 'parameters.lr.distribution' must be one of uniform"),
                arguments("{\"method\":\"random\",\"parameters\":{\"lr\":{\"min\":0,\"maxx\":1}}}",
                        "sweep config field 'parameters.lr.maxx' is not a parameter field"),
                arguments("{\"method\":\"random\",\"parameters\":{\"n\":{\"distribution\":\"int_uniform\",\"min\":1.5,\"max\":3}}}",
                        "sweep config field 'parameters.n.min' must be an integer, got 1.5"),
                arguments("{\"method\":\"random\",\"parameters\":{\"d\":{\"distribution\":\"q_uniform\",\"min\":0,\"max\":1,\"q\":0}}}",
                        "sweep config field 'parameters.d.q' must be greater than 0, got 0.0"),
                arguments("{\"method\":\"random\",\"parameters\":{\"o\":{\"values\":[]}}}",
                        "sweep config field 'parameters.o.values' must be a non-empty array"),
                arguments("{\"method\":\"grid\",\"parameters\":{\"lr\":{\"distribution\":\"uniform\",\"min\":0,\"max\":1}}}",
                        "sweep config field 'parameters.lr' grid search needs 'values', 'value', int_uniform or q_uniform"),
                arguments("{\"method\":\"grid\",\"parameters\":{\"a\":{\"min\":1,\"max\":1000},\"b\":{\"min\":1,\"max\":1001}}}",
                        "sweep config field 'parameters' the grid has 1001000 points; at most 1000000 are allowed"),
                arguments("{\"method\":\"random\",\"run_cap\":0,\"parameters\":{\"a\":{\"value\":1}}}",
                        "sweep config field 'run_cap' must be an integer of at least 1, got 0"),
                arguments("{\"method\":\"random\",\"parameters\":{\"a\":{\"value\":1}},\"early_terminate\":{\"type\":\"hyperband\"}}",
                        "sweep config field 'metric' is required with early_terminate"),
                arguments("{\"method\":\"random\",\"metric\":{\"name\":\"m\"},\"parameters\":{\"a\":{\"value\":1}},"
                        + "\"early_terminate\":{\"type\":\"hyperband\",\"eta\":1}}",
                        "sweep config field 'early_terminate.eta' must be between 2 and 100, got 1"),
                arguments("{\"method\":\"random\",\"metric\":{\"name\":\"m\"},\"parameters\":{\"a\":{\"value\":1}},"
                        + "\"early_terminate\":{\"type\":\"asha\"}}",
                        "sweep config field 'early_terminate.type' must be hyperband or median, got \"asha\""));
    }

    @ParameterizedTest
    @MethodSource("invalidConfigs")
    void an_invalid_config_is_refused_with_a_message_naming_the_field(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(SextantException.class).hasMessageStartingWith(message);
    }
}
