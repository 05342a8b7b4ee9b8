package dev.gantry.steps.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.math.optimisers.AdaGrad;

/** The learning algorithms {@code train} offers, each a Tribuo trainer built from hyperparameters. */
public enum Algorithm {
    /** Multinomial logistic regression fitted by AdaGrad stochastic gradient descent. */
    LOGISTIC_REGRESSION("logistic-regression"),
    /** A random forest: bagged CART trees that each split on a random share of the features, voting. */
    RANDOM_FOREST("random-forest"),
    /** One CART decision tree. */
    DECISION_TREE("decision-tree");

    private final String label;

    Algorithm(String label) {
        this.label = label;
    }

    /** Returns the name used in flags and model files. */
    public String label() {
        return label;
    }

    /** Returns the algorithm with that name. */
    public static Algorithm named(String name) {
        for (Algorithm algorithm : values()) {
            if (algorithm.label.equals(name)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("no algorithm named " + name);
    }

    /** Returns the hyperparameters that matter to this algorithm, by flag name, for the model file. */
    Map<String, Object> relevant(Hyperparameters h) {
        Map<String, Object> used = new LinkedHashMap<>();
        if (this == LOGISTIC_REGRESSION) {
            used.put("epochs", h.epochs());
            used.put("learning-rate", h.learningRate());
            used.put("minibatch", h.minibatch());
        } else {
            used.put("max-depth", h.maxDepth());
            used.put("min-child-weight", h.minChildWeight());
            used.put("feature-fraction", this == RANDOM_FOREST ? h.featureFraction() : 1.0);
            if (this == RANDOM_FOREST) {
                used.put("trees", h.trees());
            }
        }
        used.put("seed", h.seed());
        return used;
    }

    /** Builds the Tribuo trainer. */
    Trainer<Label> trainer(Hyperparameters h) {
        switch (this) {
            case LOGISTIC_REGRESSION:
                // A logging interval of -1 keeps Tribuo from logging every epoch.
                return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(h.learningRate(), 0.1), h.epochs(), -1,
                        h.minibatch(), h.seed());
            case RANDOM_FOREST:
                return new RandomForestTrainer<>(tree(h, (float) h.featureFraction()), new VotingCombiner(), h.trees(),
                        h.seed());
            default:
                return tree(h, 1.0f);
        }
    }

    private static CARTClassificationTrainer tree(Hyperparameters h, float featureFraction) {
        return new CARTClassificationTrainer(h.maxDepth(), (float) h.minChildWeight(), 0.0f, featureFraction, false,
                new GiniIndex(), h.seed());
    }

    /** The hyperparameters of every algorithm; each uses the ones {@link #relevant} lists. */
    record Hyperparameters(int epochs, double learningRate, int minibatch, int trees, int maxDepth,
            double minChildWeight, double featureFraction, long seed) {}
}
