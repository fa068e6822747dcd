"""Gradient Checking: student answers to the 1-D passes and both gradient checks, wrong and right.

Every answer cell is written out in full, as a student would hand it in.
"""
from . import correct, mistake

FWD, BWD, GC, GCN = "forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n"

ENTRIES = [
    # ---- forward_propagation: mistakes ---------------------------------------------------------------------------
    mistake(FWD, "fwd_adds", "adds theta and x instead of multiplying them", ["theta + x", "product"], '''
        def forward_propagation(x, theta):
            J = theta + x
            return J
        '''),
    mistake(FWD, "fwd_returns_x", "returns x, the derivative, instead of the cost", "returns x", '''
        def forward_propagation(x, theta):
            J = x
            return J
        '''),
    mistake(FWD, "fwd_squares_theta", "writes the cost as theta squared times x", "theta is squared", '''
        def forward_propagation(x, theta):
            J = theta ** 2 * x
            return J
        '''),
    # x and theta are numbers (the exercise says so), so a sum over one number or a cast to float changes nothing
    correct(FWD, "fwd_sums_over_x", "np.sum(theta * x): for numbers, the product itself", '''
        def forward_propagation(x, theta):
            J = np.sum(theta * x)
            return J
        '''),
    correct(FWD, "fwd_float_cast", "wraps the result in float(), as classic answers for numbers do", '''
        def forward_propagation(x, theta):
            J = float(theta * x)
            return J
        '''),
    mistake(FWD, "fwd_wrapped_in_array", "returns the number inside a one-element array", "single number", '''
        def forward_propagation(x, theta):
            J = np.array([theta * x])
            return J
        '''),
    mistake(FWD, "fwd_theta_minus_x", "subtracts x from theta instead of multiplying", "theta - x", '''
        def forward_propagation(x, theta):
            J = theta - x
            return J
        '''),

    # ---- forward_propagation: correct alternatives ---------------------------------------------------------------
    correct(FWD, "fwd_np_dot", "np.dot(theta, x)", '''
        def forward_propagation(x, theta):
            J = np.dot(theta, x)
            return J
        '''),
    correct(FWD, "fwd_multiply_and_print", "np.multiply, returned directly, a debug print left in", '''
        def forward_propagation(x, theta):
            print("J for theta =", theta)
            return np.multiply(x, theta)
        '''),
    correct(FWD, "fwd_x_times_theta", "x * theta through a helper variable", '''
        def forward_propagation(x, theta):
            """J = theta * x"""
            product = x * theta
            J = product
            return J
        '''),

    # ---- backward_propagation: mistakes --------------------------------------------------------------------------
    mistake(BWD, "bwd_returns_theta", "differentiates with respect to x: returns theta", "returns theta", '''
        def backward_propagation(x, theta):
            dtheta = theta
            return dtheta
        '''),
    mistake(BWD, "bwd_returns_the_cost", "returns the cost theta * x instead of its derivative", "returns the cost", '''
        def backward_propagation(x, theta):
            dtheta = theta * x
            return dtheta
        '''),
    mistake(BWD, "bwd_returns_one", "returns 1, the derivative of theta alone", "returns 1", '''
        def backward_propagation(x, theta):
            dtheta = 1
            return dtheta
        '''),
    mistake(BWD, "bwd_minus_x", "returns -x, the descent direction, instead of the derivative", "sign", '''
        def backward_propagation(x, theta):
            dtheta = -x
            return dtheta
        '''),
    # x is a number (the exercise says so): float(x) and np.sum(x) are x itself
    correct(BWD, "bwd_float_cast", "float(x), as classic answers for numbers do", '''
        def backward_propagation(x, theta):
            dtheta = float(x)
            return dtheta
        '''),
    correct(BWD, "bwd_sums_over_x", "np.sum(x): for a number, x itself", '''
        def backward_propagation(x, theta):
            dtheta = np.sum(x)
            return dtheta
        '''),
    mistake(BWD, "bwd_twice_x", "doubles x: 2 * x, as if the cost were quadratic in theta", "2 * x", '''
        def backward_propagation(x, theta):
            dtheta = 2 * x
            return dtheta
        '''),

    # ---- backward_propagation: correct alternatives --------------------------------------------------------------
    correct(BWD, "bwd_return_x_directly", "returns x directly, without dtheta", '''
        def backward_propagation(x, theta):
            return x
        '''),
    correct(BWD, "bwd_times_one_print", "x * 1.0 and a debug print", '''
        def backward_propagation(x, theta):
            dtheta = x * 1.0  # dJ/dtheta = x
            print("dtheta:", dtheta)
            return dtheta
        '''),
    correct(BWD, "bwd_np_copy", "np.copy(x)", '''
        def backward_propagation(x, theta):
            dtheta = np.copy(x)
            return dtheta
        '''),

    # ---- gradient_check: mistakes --------------------------------------------------------------------------------
    mistake(GC, "gc_one_sided", "a one-sided difference (J(theta + epsilon) - J(theta)) / epsilon", "one-sided", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - forward_propagation(x, theta)) / epsilon

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GC, "gc_over_epsilon", "divides by epsilon instead of 2 * epsilon", "instead of 2 * epsilon", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / epsilon

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GC, "gc_precedence", "writes / 2 * epsilon, which multiplies by epsilon", "multiplies by epsilon", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / 2 * epsilon

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GC, "gc_no_norms_in_denominator", "adds grad and gradapprox themselves in the denominator",
            "without norms", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / (2 * epsilon)

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = grad + gradapprox
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GC, "gc_no_denominator", "returns the plain difference, not divided by anything", "no denominator", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / (2 * epsilon)

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GC, "gc_difference_of_norms", "norm(grad) - norm(gradapprox) instead of norm(grad - gradapprox)",
            "norm(grad - gradapprox)", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / (2 * epsilon)

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad) - np.linalg.norm(gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GC, "gc_forward_inlined", "writes theta * x itself instead of calling forward_propagation",
            "calling forward_propagation", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = theta_plus * x
            J_minus = theta_minus * x
            gradapprox = (J_plus - J_minus) / (2 * epsilon)

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GC, "gc_grad_at_theta_plus", "asks the backward pass for the gradient at theta_plus, not at theta",
            "backward_propagation(x, theta)", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / (2 * epsilon)

            grad = backward_propagation(x, theta_plus)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),

    # ---- gradient_check: correct alternatives --------------------------------------------------------------------
    correct(GC, "gc_abs_and_two_divisions", "abs() instead of np.linalg.norm, / 2 / epsilon", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / 2 / epsilon

            grad = backward_propagation(x, theta)

            numerator = abs(grad - gradapprox)
            denominator = abs(grad) + abs(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    correct(GC, "gc_compact_with_prints", "no theta_plus/theta_minus variables, debug prints left in", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
            print("gradapprox =", gradapprox)
            grad = backward_propagation(x, theta)
            print("grad =", grad)
            difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    correct(GC, "gc_swapped_and_float", "the difference written as gradapprox - grad, returned as a float", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / (2 * epsilon)

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(gradapprox - grad)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = float(numerator / denominator)
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),

    # ---- gradient_check_n: mistakes ------------------------------------------------------------------------------
    mistake(GCN, "gcn_one_sided", "a one-sided difference against the cost at the unchanged parameters",
            "one-sided", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            J, _ = forward_propagation_n(X, Y, parameters)
            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J) / epsilon

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_over_epsilon", "divides by epsilon instead of 2 * epsilon", "instead of 2 * epsilon", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / epsilon

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_nudged_in_place", "nudges parameters_values itself: no np.copy, so the minus shift undoes the plus one",
            "np.copy", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = parameters_values
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = parameters_values
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_all_entries_at_once", "adds epsilon to the whole vector instead of entry i",
            "one entry at a time", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus = theta_plus + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus = theta_minus - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_loop_misses_last", "loops over range(num_parameters - 1): the last parameter is never checked",
            "every entry", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters - 1):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_norm_of_sum", "np.linalg.norm(grad + gradapprox) as the denominator",
            "norm(grad + gradapprox)", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad + gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_no_denominator", "returns the norm of the difference, not divided by anything",
            "no denominator", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_epsilon_hard_coded", "uses 1e-7 in the loop instead of the epsilon argument",
            "epsilon argument", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + 1e-7
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - 1e-7
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * 1e-7)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),

    # ---- gradient_check_n: correct alternatives ------------------------------------------------------------------
    correct(GCN, "gcn_in_place_on_copies", "copy() and in-place += / -=, / 2 / epsilon", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = parameters_values.copy()
                theta_plus[i] += epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = parameters_values.copy()
                theta_minus[i] -= epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / 2 / epsilon

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    correct(GCN, "gcn_vectorised_end_hand_norms", "the estimate computed after the loop, norms written out, a print", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

            gradapprox = (J_plus - J_minus) / (2 * epsilon)
            print("largest disagreement:", np.max(np.abs(grad - gradapprox)))
            numerator = np.sqrt(np.sum((grad - gradapprox) ** 2))
            denominator = np.sqrt(np.sum(grad ** 2)) + np.sqrt(np.sum(gradapprox ** 2))
            difference = float(numerator / denominator)
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    correct(GCN, "gcn_nudge_and_restore", "one working copy, nudged and put back after each entry", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            theta = parameters_values.copy()
            for i in range(num_parameters):
                original = theta[i, 0]
                theta[i, 0] = original + epsilon
                J_plus[i, 0] = forward_propagation_n(X, Y, vector_to_dictionary(theta))[0]
                theta[i, 0] = original - epsilon
                J_minus[i, 0] = forward_propagation_n(X, Y, vector_to_dictionary(theta))[0]
                theta[i, 0] = original
                gradapprox[i, 0] = (J_plus[i, 0] - J_minus[i, 0]) / (2 * epsilon)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),

    # ---- written after the hints in the notebook, to see how the messages do on mistakes they were not
    # ---- designed for (all were caught; the report lists any still undiagnosed)
    correct(FWD, "fwd_item", "turns the product into a Python number with .item() (x is a number)", '''
        def forward_propagation(x, theta):
            J = np.multiply(theta, x).item()
            return J
        '''),
    mistake(BWD, "bwd_x_over_theta", "returns x / theta", "x / theta", '''
        def backward_propagation(x, theta):
            dtheta = x / theta
            return dtheta
        '''),
    mistake(GC, "gc_approx_sign", "subtracts the other way round: (J_minus - J_plus) / (2 * epsilon)", "opposite sign", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_minus - J_plus) / (2 * epsilon)

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_precedence", "writes / 2 * epsilon, which multiplies by epsilon", "multiplies by epsilon", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / 2 * epsilon

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_sum_not_norm", "np.sum(grad - gradapprox) as the numerator, which can be negative",
            "sum of the differences", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

            numerator = np.sum(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),

    # ---- issue 14: mistakes whose diagnoses were wrong or missing, and both classic generations
    mistake(FWD, "fwd_returns_theta", "returns theta, the parameter, instead of the cost",
            "returns theta alone", '''
        def forward_propagation(x, theta):
            J = theta
            return J
        '''),
    mistake(FWD, "fwd_squares_the_product", "squares the product, as in a squared error",
            "product is squared", '''
        def forward_propagation(x, theta):
            J = (theta * x) ** 2
            return J
        '''),
    mistake(BWD, "bwd_x_squared", "returns x * x",
            "x * x", '''
        def backward_propagation(x, theta):
            dtheta = x * x
            return dtheta
        '''),
    mistake(GC, "gc_theta_as_grad", "compares gradapprox with theta instead of the backward pass's gradient",
            "grad by calling backward_propagation", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / (2 * epsilon)

            grad = theta

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GC, "gc_backward_arguments_swapped", "calls backward_propagation(theta, x)",
            "wrong order", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / (2 * epsilon)

            grad = backward_propagation(theta, x)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GC, "gc_minus_side_at_theta", "computes J_minus at theta itself",
            "half the derivative", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta)
            gradapprox = (J_plus - J_minus) / (2 * epsilon)

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GC, "gc_one_norm_in_denominator", "divides by the norm of grad only",
            "only the norm of grad", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / (2 * epsilon)

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GC, "gc_epsilon_hard_coded", "shifts theta by 1e-7 whatever epsilon it is given",
            "epsilon argument", '''
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + 1e-7
            theta_minus = theta - 1e-7
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / (2 * 1e-7)

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The gradient is correct: difference = {difference:.3g}")
                else:
                    print(f"The gradient is WRONG: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_plus_side_in_place", "nudges parameters_values itself on the plus side only, so the shifts pile up",
            "pile up", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = parameters_values
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_approx_sign", "subtracts the other way round: J_minus[i] - J_plus[i]",
            "opposite sign", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_minus[i] - J_plus[i]) / (2 * epsilon)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_difference_of_norms", "norm(grad) - norm(gradapprox) as the numerator",
            "difference of norms", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

            numerator = np.linalg.norm(grad) - np.linalg.norm(gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    mistake(GCN, "gcn_one_norm_in_denominator", "divides by the norm of gradapprox only",
            "only the norm of gradapprox", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference < 2e-7:
                    print(f"The backward pass is correct: difference = {difference:.3g}")
                else:
                    print(f"There is a mistake in the backward pass: difference = {difference:.3g}")
            return difference
        '''),
    correct(GC, "gc_classic_before_2021", "the older signature, without print_msg: prints its verdict on every call", '''
        def gradient_check(x, theta, epsilon=1e-7):
            thetaplus = theta + epsilon
            thetaminus = theta - epsilon
            J_plus = forward_propagation(x, thetaplus)
            J_minus = forward_propagation(x, thetaminus)
            gradapprox = (J_plus - J_minus) / (2. * epsilon)

            grad = backward_propagation(x, theta)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator

            if difference < 1e-7:
                print("Gradient check passed, difference = " + str(difference))
            else:
                print("Gradient check FAILED, difference = " + str(difference))
            return difference
        '''),
    correct(GCN, "gcn_classic_before_2021", "the older signature, without print_msg: prints its verdict on every call", '''
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))

            for i in range(num_parameters):
                thetaplus = np.copy(parameters_values)
                thetaplus[i][0] = thetaplus[i][0] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaplus))

                thetaminus = np.copy(parameters_values)
                thetaminus[i][0] = thetaminus[i][0] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaminus))

                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2. * epsilon)

            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator

            if difference > 2e-7:
                print("Backward propagation has a mistake: difference = " + str(difference))
            else:
                print("Backward propagation works: difference = " + str(difference))
            return difference
        '''),
]
