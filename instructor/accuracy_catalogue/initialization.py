"""Initialization: student answers to initialize_parameters_zeros, _random and _he, wrong and right."""
from . import correct, mistake

ZEROS, RANDOM, HE = "initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he"

ENTRIES = [
    # ---- initialize_parameters_zeros: mistakes ------------------------------------------------------------------
    mistake(ZEROS, "zeros_ones", "starts the weights at ones instead of zeros", "should be all zeros", '''
        def initialize_parameters_zeros(layers_dims):
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters["W" + str(l)] = np.ones((layers_dims[l], layers_dims[l - 1]))
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(ZEROS, "zeros_transposed", "W has its two sizes swapped: (n_(l-1), n_l)", "swapped", '''
        def initialize_parameters_zeros(layers_dims):
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters["W" + str(l)] = np.zeros((layers_dims[l - 1], layers_dims[l]))
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(ZEROS, "zeros_flat_bias", "b is a 1-D array of shape (n_l,), not a column (n_l, 1)", "column", '''
        def initialize_parameters_zeros(layers_dims):
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
                parameters["b" + str(l)] = np.zeros(layers_dims[l])
            return parameters
        '''),
    mistake(ZEROS, "zeros_loop_stops_early", "the loop stops one layer early: range(1, L - 1)",
            ["last layer", "loop"], '''
        def initialize_parameters_zeros(layers_dims):
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L - 1):
                parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(ZEROS, "zeros_loop_from_0", "the loop starts at layer 0 and makes a W0 and b0", "there is no layer 0", '''
        def initialize_parameters_zeros(layers_dims):
            parameters = {}
            L = len(layers_dims)
            for l in range(L):
                parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    # Issue 14: the right arrays under keys counted from 0 were told "the last layer is missing".
    mistake(ZEROS, "zeros_keys_from_W0", "loops over l = 0 .. L-1 and names layer l + 1's parameters W<l>, b<l>",
            "shifted by one", '''
        def initialize_parameters_zeros(layers_dims):
            parameters = {}
            for l in range(len(layers_dims) - 1):
                parameters["W" + str(l)] = np.zeros((layers_dims[l + 1], layers_dims[l]))
                parameters["b" + str(l)] = np.zeros((layers_dims[l + 1], 1))
            return parameters
        '''),
    # Integer zeros are accepted: the first update turns them into floats and training runs exactly as with floats.
    correct(ZEROS, "zeros_integers", "zeros of an integer type", '''
        def initialize_parameters_zeros(layers_dims):
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]), dtype=int)
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1), dtype=int)
            return parameters
        '''),
    mistake(ZEROS, "zeros_shape_not_a_tuple", "passes the two sizes to np.zeros separately instead of as one tuple",
            "tuple", '''
        def initialize_parameters_zeros(layers_dims):
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters["W" + str(l)] = np.zeros(layers_dims[l], layers_dims[l - 1])
                parameters["b" + str(l)] = np.zeros(layers_dims[l], 1)
            return parameters
        '''),
    mistake(ZEROS, "zeros_square_weights", "uses layers_dims[l] for both sizes of W",
            ["both sizes are layers_dims[l]", "layers_dims[l - 1]"], '''
        def initialize_parameters_zeros(layers_dims):
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                n_here = layers_dims[l]
                parameters[f"W{l}"] = np.zeros((n_here, n_here))
                parameters[f"b{l}"] = np.zeros((n_here, 1))
            return parameters
        '''),

    # ---- initialize_parameters_zeros: correct alternatives --------------------------------------------------
    correct(ZEROS, "zeros_fstrings_and_helpers", "f-string keys and named sizes", '''
        def initialize_parameters_zeros(layers_dims):
            """Zeros for every W and b."""
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                n_here, n_before = layers_dims[l], layers_dims[l - 1]
                parameters[f"W{l}"] = np.zeros([n_here, n_before])
                parameters[f"b{l}"] = np.zeros(shape=(n_here, 1))
            return parameters
        '''),
    correct(ZEROS, "zeros_zip_and_full", "zip over consecutive sizes, np.full with 0.0, a debug print left in", '''
        def initialize_parameters_zeros(layers_dims):
            parameters = {}
            for l, (n_before, n_here) in enumerate(zip(layers_dims[:-1], layers_dims[1:]), start=1):
                parameters["W" + str(l)] = np.full((n_here, n_before), 0.0)
                parameters["b" + str(l)] = np.full((n_here, 1), 0.0)
                print("layer", l, "W:", parameters["W" + str(l)].shape, "b:", parameters["b" + str(l)].shape)
            return parameters
        '''),
    # float32 zeros are still floating-point zeros of the right shape: nothing observable is wrong.
    correct(ZEROS, "zeros_float32_dict_comprehension", "a dict comprehension, float32 zeros", '''
        def initialize_parameters_zeros(layers_dims):
            L = len(layers_dims)
            parameters = {}
            parameters.update({"W%d" % l: np.zeros((layers_dims[l], layers_dims[l - 1]), dtype=np.float32)
                               for l in range(1, L)})
            parameters.update({"b%d" % l: np.zeros((layers_dims[l], 1), dtype=np.float32) for l in range(1, L)})
            return parameters
        '''),

    # ---- initialize_parameters_random: mistakes ---------------------------------------------------------------
    mistake(RANDOM, "random_not_times_10", "forgets to multiply the draws by 10", "not multiplied by 10", '''
        def initialize_parameters_random(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1])
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(RANDOM, "random_times_0_01", "uses the small-weights habit, * 0.01, instead of * 10",
            "multiplied by 0.01", '''
        def initialize_parameters_random(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 0.01
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(RANDOM, "random_seed_in_loop", "moves np.random.seed(3) into the loop, so every layer restarts the draws",
            ["seed", "once"], '''
        def initialize_parameters_random(layers_dims):
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                np.random.seed(3)
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(RANDOM, "random_no_seed", "deletes the np.random.seed(3) line", "two calls gave different weights", '''
        def initialize_parameters_random(layers_dims):
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(RANDOM, "random_uniform", "draws with np.random.rand (uniform on [0, 1)) instead of np.random.randn",
            "uniform", '''
        def initialize_parameters_random(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters["W" + str(l)] = np.random.rand(layers_dims[l], layers_dims[l - 1]) * 10
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(RANDOM, "random_drawn_transposed", "draws a (n_(l-1), n_l) matrix and transposes it to fix the shape",
            "transposed", '''
        def initialize_parameters_random(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters["W" + str(l)] = (np.random.randn(layers_dims[l - 1], layers_dims[l]) * 10).T
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(RANDOM, "random_biases_random", "draws the biases at random as well", "should be all zeros", '''
        def initialize_parameters_random(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
                parameters["b" + str(l)] = np.random.randn(layers_dims[l], 1) * 10
            return parameters
        '''),
    mistake(RANDOM, "random_L_from_he_cell", "counts layers as len(layers_dims) - 1 but keeps range(1, L): the last "
            "layer is missing", ["last layer", "loop"], '''
        def initialize_parameters_random(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims) - 1  # number of layers
            for l in range(1, L):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(RANDOM, "random_times_100", "multiplies the draws by 100", "10 times", '''
        def initialize_parameters_random(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters[f"W{l}"] = np.random.normal(0, 100, size=(layers_dims[l], layers_dims[l - 1]))
                parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),

    # ---- initialize_parameters_random: correct alternatives ------------------------------------------------
    # np.random.normal(0, 10, size) draws loc + scale * standard_normal(): the same numbers as randn * 10.
    correct(RANDOM, "random_normal_loc_scale", "np.random.normal(0, 10, size) with f-string keys", '''
        def initialize_parameters_random(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                parameters[f"W{l}"] = np.random.normal(0, 10, size=(layers_dims[l], layers_dims[l - 1]))
                parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    correct(RANDOM, "random_standard_normal_prints", "np.random.standard_normal, 10 first, debug prints left in", '''
        def initialize_parameters_random(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims)
            print("building", L - 1, "layers")
            for l in range(1, L):
                shape = (layers_dims[l], layers_dims[l - 1])
                W = 10 * np.random.standard_normal(shape)
                print(f"W{l}", W.shape, "mean", W.mean())
                parameters["W" + str(l)] = W
                parameters["b" + str(l)] = np.zeros((shape[0], 1))
            return parameters
        '''),
    # Drawing every W first and every b (zeros, no draw) afterwards keeps the draw order: W1, W2, ...
    correct(RANDOM, "random_two_loops_in_place", "two loops, the scale applied in place with *=", '''
        def initialize_parameters_random(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims)
            for l in range(1, L):
                W = np.random.randn(*(layers_dims[l], layers_dims[l - 1]))
                W *= 10
                parameters["W" + str(l)] = W
            for l in range(1, L):
                parameters["b" + str(l)] = np.zeros_like(parameters["W" + str(l)][:, :1])
            return parameters
        '''),

    # ---- initialize_parameters_he: mistakes -------------------------------------------------------------------
    mistake(HE, "he_factor_2_missing", "uses sqrt(1 / n_(l-1)), the Xavier scale, instead of sqrt(2 / n_(l-1))",
            "factor 2", '''
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims) - 1  # number of layers with weights
            for l in range(1, L + 1):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(1 / layers_dims[l - 1])
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(HE, "he_wrong_layer_size", "divides by the layer's own size n_l instead of n_(l-1)",
            "layers_dims[l - 1]", '''
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims) - 1  # number of layers with weights
            for l in range(1, L + 1):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l])
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(HE, "he_no_sqrt", "multiplies by the variance 2 / n_(l-1) instead of its square root",
            "multiplied by the variance", '''
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims) - 1  # number of layers with weights
            for l in range(1, L + 1):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * (2 / layers_dims[l - 1])
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(HE, "he_divides_by_sqrt2", "divides by sqrt(2 / n_(l-1)) instead of multiplying", "were divided by", '''
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims) - 1  # number of layers with weights
            for l in range(1, L + 1):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) / np.sqrt(2 / layers_dims[l - 1])
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(HE, "he_loop_from_the_random_cell", "copies range(1, L) from the previous exercise, where L meant "
            "len(layers_dims): here the last layer is missing", ["last layer", "loop"], '''
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims) - 1  # number of layers with weights
            for l in range(1, L):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(HE, "he_seed_in_loop", "seeds inside the loop, so every layer starts the same draws again",
            ["seed", "once"], '''
        def initialize_parameters_he(layers_dims):
            parameters = {}
            L = len(layers_dims) - 1  # number of layers with weights
            for l in range(1, L + 1):
                np.random.seed(3)  # keep this line: it makes your draws match the tests
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(HE, "he_still_times_10", "keeps the * 10 of the previous exercise on top of the He scale",
            ["factor", "10"], '''
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims) - 1  # number of layers with weights
            for l in range(1, L + 1):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10 * np.sqrt(2 / layers_dims[l - 1])
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(HE, "he_sqrt_of_2_only", "takes the square root of 2 only: sqrt(2) / n_(l-1)",
            ["only the 2 is under the square root", "np.sqrt(2 / n_(l-1))"], '''
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims) - 1  # number of layers with weights
            for l in range(1, L + 1):
                fan_in = layers_dims[l - 1]
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], fan_in) * np.sqrt(2) / fan_in
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    mistake(HE, "he_biases_ones", "starts the biases at one", "zeros", '''
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims) - 1  # number of layers with weights
            for l in range(1, L + 1):
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
                parameters["b" + str(l)] = np.ones((layers_dims[l], 1))
            return parameters
        '''),

    # ---- initialize_parameters_he: correct alternatives ------------------------------------------------------
    correct(HE, "he_sqrt_of_quotient_spelled_out", "a helper variable for the scale, np.sqrt(2) / np.sqrt(n)", '''
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims) - 1  # number of layers with weights
            for l in range(1, L + 1):
                fan_in = layers_dims[l - 1]
                scale = np.sqrt(2) / np.sqrt(fan_in)
                parameters["W" + str(l)] = np.random.randn(layers_dims[l], fan_in) * scale
                parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    # np.random.normal(0, s, size) is 0 + s * standard_normal(size): the He draws, in the same order.
    correct(HE, "he_normal_with_std", "np.random.normal with the He standard deviation, a print left in", '''
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            L = len(layers_dims) - 1  # number of layers with weights
            for l in range(1, L + 1):
                std = (2.0 / layers_dims[l - 1]) ** 0.5
                print("layer", l, "std", std)
                parameters["W%d" % l] = np.random.normal(0.0, std, (layers_dims[l], layers_dims[l - 1]))
                parameters["b%d" % l] = np.zeros((layers_dims[l], 1))
            return parameters
        '''),
    correct(HE, "he_zip_math_sqrt", "zip over consecutive sizes, math.sqrt, in-place scaling", '''
        import math

        def initialize_parameters_he(layers_dims):
            np.random.seed(3)  # keep this line: it makes your draws match the tests
            parameters = {}
            for l, (n_prev, n) in enumerate(zip(layers_dims, layers_dims[1:]), 1):
                W = np.random.randn(n, n_prev)
                W *= math.sqrt(2 / n_prev)
                parameters["W" + str(l)] = W
                parameters["b" + str(l)] = np.zeros((n, 1), dtype=float)
            return parameters
        '''),
]
