#!/usr/bin/python3
# make_fixtures.py — the fixtures under testdata/check/, written by numpy, not by this program.
#
# Made with Python 3.11, numpy 1.24.2 and scikit-learn 1.2.1 (Debian bookworm's python3-numpy and
# python3-sklearn), by
#
#     /usr/bin/python3 testdata/check/make_fixtures.py                 # the committed fixtures
#     /usr/bin/python3 testdata/check/make_fixtures.py N DIR STEP...   # the faithful port on N points per
#                                                                      # class at these steps, into DIR
#
# (the second form made the comparisons that are not committed: N = 50, and the post's full 5000.)
#
# Each fixture is the post's code ("Building a Neural Network from Scratch in Python and in TensorFlow",
# in Python 3, sklearn.model_selection in place of the old sklearn.cross_validation) run as a script,
# with the line the -check issue asks a learner to add, placed right after the two
# `gradient_… += reg_lambda * …` lines and before the four update lines:
#
#     if step == 0: np.savez("mine.npz", step=step, **{k: v for k, v in locals().items() if isinstance(v, np.ndarray)})
#
# The code runs at module level (exec with one dictionary), so locals() is globals(), as in a script or
# a notebook cell.
#
# Size. The committed ports run on num_observations = 10 (30 points, 27 training rows; the Go program's
# -observations 10 makes the same data, split and weights). On 50 (135 training rows) one port's file is
# 51 KB as np.savez writes it and 32 KB compressed, so a dozen ports would be 600 KB; most of it is the
# six per-row arrays, which no compression shrinks (their doubles use every bit). So:
#   - faithful-step0.npz is written by exactly the line above: np.savez, every ndarray in scope;
#   - every other fixture uses the same line with np.savez_compressed and keeps only the sixteen names
#     -check reads (CHECKED below: `and k in CHECKED`), since each member costs about 250 bytes of zip and
#     .npy headers whatever its size;
#   - the slips added with -check's catalogue (JSON_SLIPS) are written in the JSON form, keeping the step,
#     the parameters, the gradients and the one per-row value the slip is in: 1.5 to 4.3 KB each.
#
# The slips: each port below is the post's code with ONE change, written as a learner writes it, each a
# text replacement of the post's own lines (so a fixture is exactly the post's code plus its slip). Where
# learners report the slip is named beside it.

import json
import os
import sys
import warnings

import numpy as np
import sklearn

HERE = os.path.dirname(os.path.abspath(__file__))

# The post's code, cell by cell. The notebook ran its "Weights and Biases" cell twice before the
# training cell, so the weights it trained are the third set drawn: the cell appears three times.
DATA_CELL = """\
import numpy as np
from sklearn.model_selection import train_test_split
np.random.seed(12)
num_observations = NUM_OBSERVATIONS
x1 = np.random.multivariate_normal([0, 0], [[2, .75],[.75, 2]], num_observations)
x2 = np.random.multivariate_normal([1, 4], [[1, .75],[.75, 1]], num_observations)
x3 = np.random.multivariate_normal([2, 8], [[0, .75],[.75, 0]], num_observations)
simulated_separableish_features = np.vstack((x1, x2, x3)).astype(np.float32)
simulated_labels = np.hstack((np.zeros(num_observations), np.ones(num_observations), np.ones(num_observations) + 1))
labels_onehot = np.zeros((simulated_labels.shape[0], 3)).astype(int)
labels_onehot[np.arange(len(simulated_labels)), simulated_labels.astype(int)] = 1
train_dataset, test_dataset, train_labels, test_labels = train_test_split(
    simulated_separableish_features, labels_onehot, test_size = .1, random_state = 12)
hidden_nodes = 5
num_labels = train_labels.shape[1]
num_features = train_dataset.shape[1]
learning_rate = .01
reg_lambda = .01
"""

WEIGHTS_CELL = """\
layer1_weights_array = np.random.normal(0, 1, [num_features, hidden_nodes])
layer2_weights_array = np.random.normal(0, 1, [hidden_nodes, num_labels])
layer1_biases_array = np.zeros((1, hidden_nodes))
layer2_biases_array = np.zeros((1, num_labels))
"""

FUNCTIONS_CELL = """\
def relu_activation(data_array):
    return np.maximum(data_array, 0)
def softmax(output_array):
    logits_exp = np.exp(output_array)
    return logits_exp / np.sum(logits_exp, axis = 1, keepdims = True)
def cross_entropy_softmax_loss_array(softmax_probs_array, y_onehot):
    indices = np.argmax(y_onehot, axis = 1).astype(int)
    predicted_probability = softmax_probs_array[np.arange(len(softmax_probs_array)), indices]
    log_preds = np.log(predicted_probability)
    loss = -1.0 * np.sum(log_preds) / len(log_preds)
    return loss
def regularization_L2_softmax_loss(reg_lambda, weight1, weight2):
    weight1_loss = 0.5 * reg_lambda * np.sum(weight1 * weight1)
    weight2_loss = 0.5 * reg_lambda * np.sum(weight2 * weight2)
    return weight1_loss + weight2_loss
"""

TRAINING_CELL = """\
training_data = train_dataset
training_labels = train_labels
for step in range(5001):
    input_layer = np.dot(training_data, layer1_weights_array)
    hidden_layer = relu_activation(input_layer + layer1_biases_array)
    output_layer = np.dot(hidden_layer, layer2_weights_array) + layer2_biases_array
    output_probs = softmax(output_layer)
    loss = cross_entropy_softmax_loss_array(output_probs, training_labels)
    loss += regularization_L2_softmax_loss(reg_lambda, layer1_weights_array, layer2_weights_array)
    output_error_signal = (output_probs - training_labels) / output_probs.shape[0]
    error_signal_hidden = np.dot(output_error_signal, layer2_weights_array.T)
    error_signal_hidden[hidden_layer <= 0] = 0
    gradient_layer2_weights = np.dot(hidden_layer.T, output_error_signal)
    gradient_layer2_bias = np.sum(output_error_signal, axis = 0, keepdims = True)
    gradient_layer1_weights = np.dot(training_data.T, error_signal_hidden)
    gradient_layer1_bias = np.sum(error_signal_hidden, axis = 0, keepdims = True)
    gradient_layer2_weights += reg_lambda * layer2_weights_array
    gradient_layer1_weights += reg_lambda * layer1_weights_array
SAVE_LINE
    layer1_weights_array -= learning_rate * gradient_layer1_weights
    layer1_biases_array -= learning_rate * gradient_layer1_bias
    layer2_weights_array -= learning_rate * gradient_layer2_weights
    layer2_biases_array -= learning_rate * gradient_layer2_bias
    if step % 500 == 0:
        print('Loss at step {0}: {1}'.format(step, loss))
"""

POST = DATA_CELL + WEIGHTS_CELL * 3 + FUNCTIONS_CELL + TRAINING_CELL

# The line, with the step and the file name to fill in, np.savez or np.savez_compressed, and
# for the small fixtures the names kept to the ones -check reads.
SAVE = '    if step == {step}: np.{save}({path!r}, step=step, **{{k: v for k, v in locals().items() if isinstance(v, np.ndarray){only}}})'
CHECKED = ["training_data", "training_labels", "layer1_weights_array", "layer1_biases_array",
           "layer2_weights_array", "layer2_biases_array", "input_layer", "hidden_layer", "output_layer",
           "output_probs", "output_error_signal", "error_signal_hidden", "gradient_layer2_weights",
           "gradient_layer2_bias", "gradient_layer1_weights", "gradient_layer1_bias"]


# Each slip: (file name, what the learner changed, where learners report it, [(the post's text, theirs)]).
SLIPS = [
    # --- the inputs ---
    ("slip-features-float64", "features kept as float64: no .astype(np.float32)",
     "the post casts its features to float32 (a choice most ports drop, since nothing later needs it)",
     [(".astype(np.float32)", "")]),
    ("slip-weights-cell-once", "the weights cell run once, where the post's notebook ran it three times",
     "the post's notebook (its weights are the third set drawn: 50 draws before them are discarded)",
     [(WEIGHTS_CELL * 3, WEIGHTS_CELL)]),
    ("slip-rows-other-order", "the split done by hand: the post's test rows taken out, the rest kept in their original order",
     "a split written without scikit-learn; the rows are the post's training rows, in another order",
     [("""train_dataset, test_dataset, train_labels, test_labels = train_test_split(
    simulated_separableish_features, labels_onehot, test_size = .1, random_state = 12)
""", """num_test = int(np.ceil(.1 * len(labels_onehot)))
test_rows = np.random.RandomState(12).permutation(len(labels_onehot))[:num_test]
in_test = np.zeros(len(labels_onehot), dtype=bool)
in_test[test_rows] = True
train_dataset, test_dataset = simulated_separableish_features[~in_test], simulated_separableish_features[in_test]
train_labels, test_labels = labels_onehot[~in_test], labels_onehot[in_test]
""")]),
    ("slip-labels-class-numbers", "labels kept as class numbers, not one-hot, with the loss and error signal written cs231n's way",
     "cs231n's case study keeps y as class numbers: dscores[range(num_examples), y] -= 1",
     [("""train_dataset, test_dataset, train_labels, test_labels = train_test_split(
    simulated_separableish_features, labels_onehot, test_size = .1, random_state = 12)""",
       """train_dataset, test_dataset, train_labels, test_labels = train_test_split(
    simulated_separableish_features, simulated_labels.astype(int), test_size = .1, random_state = 12)"""),
      ("num_labels = train_labels.shape[1]", "num_labels = 3"),
      ("    indices = np.argmax(y_onehot, axis = 1).astype(int)\n", "    indices = y_onehot\n"),
      ("    output_error_signal = (output_probs - training_labels) / output_probs.shape[0]\n",
       "    output_error_signal = output_probs.copy()\n"
       "    output_error_signal[np.arange(len(training_labels)), training_labels] -= 1\n"
       "    output_error_signal /= output_probs.shape[0]\n")]),
    # --- the arithmetic ---
    ("slip-softmax-axis0", "softmax normalized over axis 0 (each class over the rows) instead of axis 1",
     "softmax written for one column per example (scores of shape classes × examples, as in Andrew Ng's course), "
     "axis=0; questions such as JayChanHoi/Lattice_LSTM#5 and dongjun-Lee/text-classification-models-tf#1",
     [("np.sum(logits_exp, axis = 1, keepdims = True)", "np.sum(logits_exp, axis = 0, keepdims = True)")]),
    ("slip-softmax-whole-matrix", "softmax normalized over the whole matrix: np.sum with no axis",
     "the one-example softmax kept for a batch: oreilly-japan/deep-learning-from-scratch#85 "
     "(\"I have double-checked the code and found no discrepancies\")",
     [("np.sum(logits_exp, axis = 1, keepdims = True)", "np.sum(logits_exp)")]),
    ("slip-not-divided-by-n", "the output error signal not divided by the number of rows",
     "janchorowski/nn_assignments#21 (the missing / num_samples), SkalskiP/ILearnDeepLearning.py#29 (where the 1/m goes)",
     [("(output_probs - training_labels) / output_probs.shape[0]", "(output_probs - training_labels)")]),
    ("slip-divided-by-classes", "the output error signal divided by shape[1], the number of classes, not shape[0]",
     "ports from column-per-example code, where m = A.shape[1] (Kulbear/deep-learning-coursera#8)",
     [("/ output_probs.shape[0]", "/ output_probs.shape[1]")]),
    ("slip-sign-flipped", "the output error signal as labels − probabilities",
     "dennybritz/nn-from-scratch#11 (the text's delta_3 = y − ŷ)",
     [("(output_probs - training_labels)", "(training_labels - output_probs)")]),
    ("slip-mask-nothing", "the ReLU mask tested with < 0 on hidden_layer, which is never negative, so nothing is masked",
     "iamtrask/Grokking-Deep-Learning#13 (relu2deriv with >= lets zeros through), scikit-learn/scikit-learn#14244",
     [("error_signal_hidden[hidden_layer <= 0] = 0", "error_signal_hidden[hidden_layer < 0] = 0")]),
    ("slip-mask-input-layer", "the ReLU mask taken from input_layer, before the bias is added",
     "iamtrask/Grokking-Deep-Learning#56 (the derivative taken at np.dot(layer_0, weights_0_1)); "
     "at step 0 the biases are 0 and it is invisible, so this fixture is saved at a later step",
     [("error_signal_hidden[hidden_layer <= 0] = 0", "error_signal_hidden[input_layer <= 0] = 0")]),
    ("slip-w2-from-input-layer", "gradient_layer2_weights from input_layer (before the bias and the ReLU) instead of hidden_layer",
     "iamtrask/Grokking-Deep-Learning#9 (layer_1 used where layer_1_relu belongs)",
     [("gradient_layer2_weights = np.dot(hidden_layer.T, output_error_signal)",
       "gradient_layer2_weights = np.dot(input_layer.T, output_error_signal)")]),
    ("slip-bias-axis1", "gradient_layer2_bias summed over axis 1 (over the classes) instead of axis 0",
     "Kulbear/deep-learning-coursera#8 and SethHWeidman/DLFS_code#8 (the bias gradient's axis); "
     "the update line then fails, after the file is saved (jimfleming/differentiation#1: -= catches it)",
     [("gradient_layer2_bias = np.sum(output_error_signal, axis = 0, keepdims = True)",
       "gradient_layer2_bias = np.sum(output_error_signal, axis = 1, keepdims = True)")]),
    ("slip-l2-half", "the L2 gradient with the loss's ½ kept: 0.5 * reg_lambda * W",
     "cs231n/cs231n.github.io#89 (the 0.5 in the loss and its gradient), jingtinghuang/CS231n-Spring-2017#3",
     [("gradient_layer2_weights += reg_lambda * layer2_weights_array",
       "gradient_layer2_weights += 0.5 * reg_lambda * layer2_weights_array"),
      ("gradient_layer1_weights += reg_lambda * layer1_weights_array",
       "gradient_layer1_weights += 0.5 * reg_lambda * layer1_weights_array")]),
]

# The slips added with -check's catalogue, each written in the JSON form (as a port in another language
# writes it; -check skips the names a file leaves out): the step, the four parameters, the four
# gradients, and the one per-row value the slip is in, if it is one, so that each file is a few KB.
# (file name, what the learner changed, where learners report it, step, per-row names kept, [(post, theirs)])
JSON_SLIPS = [
    ("slip-hidden-no-relu", "hidden_layer without the ReLU: input_layer + layer1_biases_array",
     "the activation forgotten on the hidden layer (iamtrask/Grokking-Deep-Learning#9 mixes layer_1 and its relu)", 0, ["hidden_layer"],
     [("hidden_layer = relu_activation(input_layer + layer1_biases_array)", "hidden_layer = input_layer + layer1_biases_array")]),
    ("slip-output-no-bias", "output_layer without layer2_biases_array; invisible while the biases are 0, so saved at step 1",
     "the bias left out of a layer (a bias added once per input is the README's other anti-pattern)", 1, ["output_layer"],
     [("output_layer = np.dot(hidden_layer, layer2_weights_array) + layer2_biases_array",
       "output_layer = np.dot(hidden_layer, layer2_weights_array)")]),
    ("slip-w2-not-transposed", "error_signal_hidden from layer2_weights_array, not its transpose; numpy refuses that unless "
     "hidden_nodes equals the number of classes, so this port has hidden_nodes = 3 (check it with -hidden 3) and discards "
     "the notebook's 50 draws as the README's script does",
     "the transpose in backprop (dennybritz/nn-from-scratch's delta2 = delta3.dot(W2.T))", 0, ["error_signal_hidden"],
     [("hidden_nodes = 5", "hidden_nodes = 3"),
      (WEIGHTS_CELL * 3, "np.random.normal(0, 1, 50)\n" + WEIGHTS_CELL),
      ("np.dot(output_error_signal, layer2_weights_array.T)", "np.dot(output_error_signal, layer2_weights_array)")]),
    ("slip-updated-w2-first", "layer 2 updated as soon as its gradient is known, before error_signal_hidden is computed "
     "from layer2_weights_array (the save line stays before layer 1's update)",
     "backprop written layer by layer with each update inside it: the signal for the layer below then goes through the new weights", 0,
     ["error_signal_hidden"],
     [("""    error_signal_hidden = np.dot(output_error_signal, layer2_weights_array.T)
    error_signal_hidden[hidden_layer <= 0] = 0
    gradient_layer2_weights = np.dot(hidden_layer.T, output_error_signal)
    gradient_layer2_bias = np.sum(output_error_signal, axis = 0, keepdims = True)
    gradient_layer1_weights = np.dot(training_data.T, error_signal_hidden)
    gradient_layer1_bias = np.sum(error_signal_hidden, axis = 0, keepdims = True)
    gradient_layer2_weights += reg_lambda * layer2_weights_array
    gradient_layer1_weights += reg_lambda * layer1_weights_array
SAVE_LINE
    layer1_weights_array -= learning_rate * gradient_layer1_weights
    layer1_biases_array -= learning_rate * gradient_layer1_bias
    layer2_weights_array -= learning_rate * gradient_layer2_weights
    layer2_biases_array -= learning_rate * gradient_layer2_bias
""", """    gradient_layer2_weights = np.dot(hidden_layer.T, output_error_signal)
    gradient_layer2_bias = np.sum(output_error_signal, axis = 0, keepdims = True)
    gradient_layer2_weights += reg_lambda * layer2_weights_array
    layer2_weights_array -= learning_rate * gradient_layer2_weights
    layer2_biases_array -= learning_rate * gradient_layer2_bias
    error_signal_hidden = np.dot(output_error_signal, layer2_weights_array.T)
    error_signal_hidden[hidden_layer <= 0] = 0
    gradient_layer1_weights = np.dot(training_data.T, error_signal_hidden)
    gradient_layer1_bias = np.sum(error_signal_hidden, axis = 0, keepdims = True)
    gradient_layer1_weights += reg_lambda * layer1_weights_array
SAVE_LINE
    layer1_weights_array -= learning_rate * gradient_layer1_weights
    layer1_biases_array -= learning_rate * gradient_layer1_bias
""")]),
    ("slip-saved-after-update", "the save line put after the four update lines, so the weights saved are the next step's",
     "the issue's line belongs before the updates; a learner adding it at the end of the loop body saves the updated weights", 0, [],
     [("SAVE_LINE\n", ""),
      ("    layer2_biases_array -= learning_rate * gradient_layer2_bias\n",
       "    layer2_biases_array -= learning_rate * gradient_layer2_bias\nSAVE_LINE\n")]),
    ("slip-n-twice", "the gradients divided by N again (dW = 1/m · np.dot(A.T, dZ) with dZ already divided by m)",
     "ports of Andrew Ng's formulas, where the 1/m sits in dW and db, onto the post's, where it sits in the error signal "
     "(SkalskiP/ILearnDeepLearning.py#29)", 0, [],
     [("np.dot(hidden_layer.T, output_error_signal)", "np.dot(hidden_layer.T, output_error_signal) / training_data.shape[0]"),
      ("np.dot(training_data.T, error_signal_hidden)", "np.dot(training_data.T, error_signal_hidden) / training_data.shape[0]"),
      ("np.sum(output_error_signal, axis = 0, keepdims = True)", "np.sum(output_error_signal, axis = 0, keepdims = True) / training_data.shape[0]"),
      ("np.sum(error_signal_hidden, axis = 0, keepdims = True)", "np.sum(error_signal_hidden, axis = 0, keepdims = True) / training_data.shape[0]")]),
    ("slip-l2-missing", "no L2 part in the gradients: the two += reg_lambda lines left out, while the loss keeps its L2 term",
     "the regularization added to the loss but not to its gradient (cs231n/cs231n.github.io#89)", 0, [],
     [("    gradient_layer2_weights += reg_lambda * layer2_weights_array\n", ""),
      ("    gradient_layer1_weights += reg_lambda * layer1_weights_array\n", "")]),
    ("slip-l2-on-bias", "an L2 part added to the bias gradients too; invisible while the biases are 0, so saved at step 1",
     "the biases regularized like the weights (cs231n's notes: regularizing the bias is not common)", 1, [],
     [("    gradient_layer1_weights += reg_lambda * layer1_weights_array\n",
       "    gradient_layer1_weights += reg_lambda * layer1_weights_array\n"
       "    gradient_layer2_bias += reg_lambda * layer2_biases_array\n"
       "    gradient_layer1_bias += reg_lambda * layer1_biases_array\n")]),
    ("slip-bias-no-keepdims", "the bias gradients summed without keepdims = True: shape (3,) and (5,), the same numbers; "
     "the updates still broadcast, so the port runs on",
     "SethHWeidman/DLFS_code#8 and Kulbear/deep-learning-coursera#8 (the bias gradient's shape)", 0, [],
     [("np.sum(output_error_signal, axis = 0, keepdims = True)", "np.sum(output_error_signal, axis = 0)"),
      ("np.sum(error_signal_hidden, axis = 0, keepdims = True)", "np.sum(error_signal_hidden, axis = 0)")]),
    ("slip-hidden-bias-axis1", "gradient_layer1_bias summed over axis 1 of error_signal_hidden (over the hidden units) instead of axis 0",
     "the bias gradient's axis, on the hidden layer (jimfleming/differentiation#1); the update line then fails, after the save", 0, [],
     [("np.sum(error_signal_hidden, axis = 0, keepdims = True)", "np.sum(error_signal_hidden, axis = 1, keepdims = True)")]),
]

PARAMETERS_AND_GRADIENTS = ["layer1_weights_array", "layer1_biases_array", "layer2_weights_array", "layer2_biases_array",
                            "gradient_layer2_weights", "gradient_layer2_bias", "gradient_layer1_weights", "gradient_layer1_bias"]

# The committed ports' size: num_observations (see Size, above).
OBSERVATIONS = 10

# slip-mask-input-layer changes nothing until some unit's input_layer and input_layer + bias have
# different signs: on 10 points per class that first happens at step 9 (one entry), so its file is saved
# there. Until then its weights are the faithful port's, so its inputs at step 9 are still ours; saved
# later, its weights would already differ (main checks both).
MASK_INPUT_LAYER_STEP = 9


def port(replacements=()):
    """The post's code with the replacements made, each of which must match exactly once."""
    code = POST
    for old, new in replacements:
        if code.count(old) != 1:
            raise SystemExit("replacement matches %d times: %r" % (code.count(old), old))
        code = code.replace(old, new)
    return code


def run_port(code, observations, step, path, small=True):
    """Runs a port as a script (one dictionary for globals and locals) with the save line for step:
    small, np.savez_compressed of the CHECKED names; else np.savez of every ndarray, the issue's line."""
    if os.path.exists(path):
        os.remove(path)
    save, only = ("savez_compressed", " and k in %r" % CHECKED) if small else ("savez", "")
    code = code.replace("NUM_OBSERVATIONS", str(observations))
    code = code.replace("SAVE_LINE", SAVE.format(step=step, save=save, path=path, only=only))
    scope = {"__name__": "__main__"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # overflow in exp for the slips that diverge, numpy's covariance warning
        try:
            exec(compile(code, path, "exec"), scope)
        except ValueError as e:  # slip-bias-axis1 and slip-hidden-bias-axis1 fail at their update line, after saving
            print("  (the port stopped: %s)" % e)
    if not os.path.exists(path):
        raise SystemExit("%s was not written" % path)
    return scope


def write_json(path, arrays):
    """A port in another language: its names to nested arrays (shortest round-trip numbers)."""
    with open(path, "w") as f:
        json.dump({k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in arrays.items()}, f)
        f.write("\n")


# What the JSON fixtures hold: the step, the parameters and the gradients, as a port in JavaScript might
# write them (the tall per-row arrays are left out, as a port may do: -check skips absent names).
JSON_NAMES = ["layer1_weights_array", "layer1_biases_array", "layer2_weights_array", "layer2_biases_array",
              "gradient_layer2_weights", "gradient_layer2_bias", "gradient_layer1_weights", "gradient_layer1_bias"]


def main():
    print("numpy", np.__version__, "scikit-learn", sklearn.__version__)
    if len(sys.argv) >= 4:  # N DIR STEP...: the faithful port, every ndarray, np.savez
        n, out = int(sys.argv[1]), sys.argv[2]
        for step in map(int, sys.argv[3:]):
            path = os.path.join(out, "faithful-obs%d-step%d.npz" % (n, step))
            print(path)
            run_port(port(), n, step, path, small=False)
        return
    out = HERE
    for step in (0, 1, 3):
        path = os.path.join(out, "faithful-step%d.npz" % step)
        print(os.path.basename(path))
        run_port(port(), OBSERVATIONS, step, path, small=step != 0)
    for name, what, source, replacements in SLIPS:
        step = MASK_INPUT_LAYER_STEP if name == "slip-mask-input-layer" else 0
        path = os.path.join(out, name + ".npz")
        print(os.path.basename(path), "(step %d)" % step)
        run_port(port(replacements), OBSERVATIONS, step, path)
    check_mask_step(out)
    for name, what, source, step, rows, replacements in JSON_SLIPS:
        path = os.path.join(out, name + ".npz")  # saved as np.savez_compressed does, then written as JSON
        print(name + ".json", "(step %d)" % step)
        run_port(port(replacements), OBSERVATIONS, step, path)
        with np.load(path) as z:
            arrays = {"step": int(z["step"])}
            arrays.update({k: z[k] for k in PARAMETERS_AND_GRADIENTS + rows})
        os.remove(path)
        write_json(os.path.join(out, name + ".json"), arrays)
    # JSON: the faithful step 0, and the port that does not divide by N
    for name in ("faithful-step0", "slip-not-divided-by-n"):
        with np.load(os.path.join(out, name + ".npz")) as z:
            arrays = {"step": int(z["step"])}
            arrays.update({k: z[k] for k in JSON_NAMES})
        print(name + ".json")
        write_json(os.path.join(out, name + ".json"), arrays)


def check_mask_step(out):
    """slip-mask-input-layer at MASK_INPUT_LAYER_STEP: the inputs still the faithful port's, its
    error_signal_hidden not."""
    path = os.path.join(out, "faithful-mask-step.npz")
    run_port(port(), OBSERVATIONS, MASK_INPUT_LAYER_STEP, path)
    with np.load(path) as ours, np.load(os.path.join(out, "slip-mask-input-layer.npz")) as theirs:
        for k in CHECKED[:6]:
            assert np.array_equal(ours[k], theirs[k]), k
        assert not np.array_equal(ours["error_signal_hidden"], theirs["error_signal_hidden"])
    os.remove(path)


if __name__ == "__main__":
    main()
