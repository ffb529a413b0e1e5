package main

// train.go — the training step and the loop around it: gradient descent as in the post.
//
// Step.Run is the body of the post's loop, line for line: forward pass, loss, output error signal,
// hidden error signal, gradients, the L2 part, the update. Train calls it once per step. -explain runs
// the same Step.Run on step 0 and prints what it left in its buffers; the gradient check reads its
// gradients from there too. Nothing here is parallel or clever: the matrix operations of matrix.go use
// all cores underneath, as numpy's use BLAS.

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Config holds the settings of one training run.
type Config struct {
	LearningRate float64 // post: learning_rate
	RegLambda    float64 // post: reg_lambda
	Steps        int     // post: 5001, range(5001)
	Every        int     // print the loss every Every steps (post: 500)
	Batch        int     // rows per step; 0 means all training rows (the post's full batch)
	LossLabel    string  // what the loss lines say: "Loss" (post's numpy model) or "Minibatch loss" (its TensorFlow model)
	RecordLoss   bool    // compute the loss at every step, not only the printed ones, and return them all
}

// Step holds every value one training step computes over a batch of N rows, one buffer apiece, named
// as in the post: the forward pass (Pass), the loss, the error signals and the gradients. It is made
// once and reused by every step, so training allocates nothing after the first step.
type Step struct {
	Pass        // X, InputLayer, Hidden, OutputLayer, OutputProbs: the forward pass
	Y    Matrix // [N x K] the batch's one-hot labels (post: training_labels), a view into the data

	DataLoss, L2Loss, Loss float64 // the loss and its two parts, when the step was asked for it

	OutputErrorSignal *Matrix   // [N x K], post: output_error_signal = ∂L/∂output_layer
	ErrorSignalHidden []*Matrix // ErrorSignalHidden[l]: [N x Hₗ], post: error_signal_hidden = ∂L/∂hidden_layer
	DataGradW         []*Matrix // DataGradW[l]: like W[l], post: gradient_layer1_weights before the L2 part
	GradW             []*Matrix // GradW[l]: like W[l], post: gradient_layer1_weights, L2 part included
	GradB             []*Matrix // GradB[l]: like B[l], post: gradient_layer1_bias
}

// NewStep allocates a Step for batches of n rows of a network with these layer sizes.
func NewStep(sizes []int, n int) *Step {
	last := len(sizes) - 1
	s := &Step{Pass: *NewPass(sizes, n), OutputErrorSignal: NewMatrix(n, sizes[last])}
	for l := 1; l < last; l++ {
		s.ErrorSignalHidden = append(s.ErrorSignalHidden, NewMatrix(n, sizes[l]))
	}
	for l := 0; l < last; l++ {
		s.DataGradW = append(s.DataGradW, NewMatrix(sizes[l], sizes[l+1]))
		s.GradW = append(s.GradW, NewMatrix(sizes[l], sizes[l+1]))
		s.GradB = append(s.GradB, NewMatrix(1, sizes[l+1]))
	}
	return s
}

// errorSignal returns δ for layer l's output, ∂L/∂(layer l's output): the output error signal for the
// last layer, the hidden error signal of layer l below it.
func (s *Step) errorSignal(l int) *Matrix {
	if l == len(s.ErrorSignalHidden) {
		return s.OutputErrorSignal
	}
	return s.ErrorSignalHidden[l]
}

// Run is one step of gradient descent on the batch s.X, s.Y: the body of the post's training loop, in
// its order, one line of ours per line of the post's. It computes the loss only when wantLoss — nothing
// else depends on it — moves every weight and bias of net against its gradient, and leaves every value
// it computed in s. The chain rule it applies is written out in network.go, above ReLUBackwardInto.
func (s *Step) Run(net *Network, cfg Config, wantLoss bool) {
	last := len(net.W) - 1

	// input_layer, hidden_layer, output_layer, output_probs: the forward pass (network.go)
	net.Forward(&s.Pass)

	if wantLoss {
		// loss = cross_entropy_softmax_loss_array(output_probs, training_labels)
		s.DataLoss = CrossEntropyLoss(s.OutputLayer, &s.Y)
		// loss += regularization_L2_softmax_loss(reg_lambda, layer1_weights_array, layer2_weights_array)
		s.L2Loss = net.L2Loss(cfg.RegLambda)
		s.Loss = s.DataLoss + s.L2Loss
	}

	// output_error_signal = (output_probs - training_labels) / output_probs.shape[0]      δ = ∂L/∂output_layer
	SubInto(s.OutputErrorSignal, s.OutputProbs, &s.Y)                          // [N x K]
	DivScalarInto(s.OutputErrorSignal, s.OutputErrorSignal, float64(s.Y.rows)) // [N x K]

	for l := last - 1; l >= 0; l-- { // rule 2, from the top down: the error signal of each hidden layer
		// error_signal_hidden = np.dot(output_error_signal, layer2_weights_array.T)        δ·Wᵀ
		MulTransBInto(s.ErrorSignalHidden[l], s.errorSignal(l+1), net.W[l+1]) // [N x Hₗ] = [N x size[l+2]]·[Hₗ x size[l+2]]ᵀ
		// error_signal_hidden[hidden_layer <= 0] = 0                                      ⊙ ReLU′ = 1(hidden > 0)
		ReLUBackwardInto(s.ErrorSignalHidden[l], s.ErrorSignalHidden[l], s.Hidden[l]) // [N x Hₗ], in place as in the post
	}

	for l := last; l >= 0; l-- { // rule 1, from the top down: the gradients of every layer
		// gradient_layer2_weights = np.dot(hidden_layer.T, output_error_signal)           ∂L/∂W = inputᵀ·δ
		MulTransAInto(s.DataGradW[l], s.layerInput(l), s.errorSignal(l)) // [size[l] x size[l+1]] = [N x size[l]]ᵀ·[N x size[l+1]]
		// gradient_layer2_bias = np.sum(output_error_signal, axis = 0, keepdims = True)   ∂L/∂b = Σ_rows δ
		SumRowsInto(s.GradB[l], s.errorSignal(l)) // [1 x size[l+1]]
	}

	for l := last; l >= 0; l-- { // the L2 part (into GradW, so that DataGradW keeps the data part for -explain)
		// gradient_layer2_weights += reg_lambda * layer2_weights_array                    ∂(½·λ·ΣW²)/∂W = λ·W
		AddScaledInto(s.GradW[l], s.DataGradW[l], cfg.RegLambda, net.W[l]) // [size[l] x size[l+1]]
	}

	for l := range net.W { // the update
		// layer1_weights_array -= learning_rate * gradient_layer1_weights
		AddScaledInto(net.W[l], net.W[l], -cfg.LearningRate, s.GradW[l]) // [size[l] x size[l+1]]
		// layer1_biases_array -= learning_rate * gradient_layer1_bias
		AddScaledInto(net.B[l], net.B[l], -cfg.LearningRate, s.GradB[l]) // [1 x size[l+1]]
	}
}

// ---------------------------------------------------------------------------------------------------
// The loop.

// Train runs cfg.Steps steps of gradient descent on net over the training set (x [N x D], y [N x K]),
// printing "Loss at step S: X" to out every cfg.Every steps (post: if step % 500 == 0: print …). With
// cfg.RecordLoss it returns the loss of every step (for the loss curve of -plot). It returns an error if
// the loss stops being finite.
func Train(net *Network, x, y *Matrix, cfg Config, out io.Writer) (losses []float64, err error) {
	t := NewTrainer(net, x, y, cfg)
	for t.Done < cfg.Steps {
		step := t.Done
		printLoss := step%cfg.Every == 0
		err := t.Next(printLoss || cfg.RecordLoss)
		if printLoss && !notFinite(t.S.Loss) { // a step whose update diverged still printed its loss
			fmt.Fprint(out, lossLine(cfg, step, t.S.Loss))
		}
		if err != nil {
			return nil, err
		}
		if cfg.RecordLoss {
			losses = append(losses, t.S.Loss)
		}
	}
	return losses, nil
}

// lossLine is the line training prints for a step's loss: "Loss at step 500: 0.6733037417427977" (post:
// print 'Loss at step {0}: {1}'.format(step, loss)), in shortest round-trip form.
func lossLine(cfg Config, step int, loss float64) string {
	return fmt.Sprintf("%s at step %d: %s\n", cfg.LossLabel, step, formatFloat(loss))
}

// Trainer is a training run that can be taken one step at a time: Train loops over it, and so does the
// live view of -serve.
type Trainer struct {
	Net   *Network
	X, Y  *Matrix // the whole training set: [N x D], [N x K]
	Cfg   Config
	Done  int   // steps taken
	S     *Step // the last step's values
	Batch int   // rows per step: Cfg.Batch, or all of them
}

// NewTrainer prepares to train net on x, y with cfg; no step is taken yet.
func NewTrainer(net *Network, x, y *Matrix, cfg Config) *Trainer {
	batch := cfg.Batch
	if batch == 0 {
		batch = x.rows
	}
	return &Trainer{Net: net, X: x, Y: y, Cfg: cfg, S: NewStep(net.Sizes(), batch), Batch: batch}
}

// BatchOf points s.X and s.Y at the rows of the training set that step number step trains on, the rows
// from BatchOffset on, and returns the first of them. Training, the live view and its audit all take a
// step's batch from here.
func (t *Trainer) BatchOf(step int, s *Step) (first int) {
	first = BatchOffset(step, t.Batch, t.X.rows)
	RowsViewInto(&s.X, t.X, first, first+t.Batch) // [batch x D]
	RowsViewInto(&s.Y, t.Y, first, first+t.Batch) // [batch x K]
	return first
}

// Next takes the next step — step t.Done — on its batch. wantLoss asks for the loss (t.S.Loss). It
// returns a DivergedError, and takes no further step, once the loss stops being a finite number.
//
// Which step diverged: the first step S whose loss — computed from the weights S steps have made — is
// not finite, whether or not the loss was asked for, so that -every does not move it. Its data part is
// finite unless a score is not, or a row's label score lies so far below the row's largest that their
// difference overflows (dataLossFinite); its L2 part is checked on the weights the step leaves, which
// are the next step's.
func (t *Trainer) Next(wantLoss bool) error {
	step := t.Done
	t.BatchOf(step, t.S)
	t.S.Run(t.Net, t.Cfg, wantLoss)
	t.Done++
	if wantLoss && notFinite(t.S.Loss) || !t.S.dataLossFinite() {
		return &DivergedError{Step: step}
	}
	if !t.Net.finite() || notFinite(t.Net.L2Loss(t.Cfg.RegLambda)) {
		return &DivergedError{Step: step + 1} // the next step's loss cannot be finite
	}
	return nil
}

// dataLossFinite reports whether the step's mean cross-entropy is finite, without computing it in the
// common case. A row's term log Σ exp(z − max) − (z_label − max) is at most log K + 2·max|z|, so when
// every score is below MaxFloat64 / (2N + 2) in size neither a term nor the sum of N of them can
// overflow (and NaN fails the comparison); otherwise the loss is computed and looked at.
func (s *Step) dataLossFinite() bool {
	limit := math.MaxFloat64 / (2*float64(s.OutputLayer.rows) + 2)
	for _, z := range s.OutputLayer.data {
		if !(math.Abs(z) < limit) {
			return !notFinite(CrossEntropyLoss(s.OutputLayer, &s.Y))
		}
	}
	return true
}

// DivergedError says that training stopped because the loss at Step is no longer a finite number.
type DivergedError struct{ Step int }

func (e *DivergedError) Error() string {
	return fmt.Sprintf("the loss is no longer finite at step %d: training diverged", e.Step)
}

// finite reports whether every weight and bias is a finite number.
func (net *Network) finite() bool {
	for l := range net.W {
		if !allFinite(net.W[l]) || !allFinite(net.B[l]) {
			return false
		}
	}
	return true
}

// allFinite reports whether every element of m is a finite number.
func allFinite(m *Matrix) bool {
	for _, v := range m.data {
		if notFinite(v) {
			return false
		}
	}
	return true
}

// BatchOffset returns the first training row of step's minibatch, by the post's TensorFlow rule
// offset = (step · batch) mod (n − batch): batches walk down the training set in order and wrap around.
// batch == n (or 0) is the full batch, offset 0. It panics unless 0 ≤ batch ≤ n.
func BatchOffset(step, batch, n int) int {
	if batch < 0 || batch > n {
		panic(fmt.Sprintf("BatchOffset: batch of %d rows from %d", batch, n))
	}
	if batch == 0 || batch == n {
		return 0
	}
	return step * batch % (n - batch)
}

// ---------------------------------------------------------------------------------------------------
// The step's values, in the post's words.

// StepValue is one value of a training step: the post's name for it, the post's line that makes it, our
// name for it, and its numbers. Every view of a step — -explain, the live view's audit, -gradcheck's
// labels, -check — reads the step from this one table, Step.Values, so each of the post's expressions is
// written once, here.
type StepValue struct {
	Name  string  // the post's variable: "input_layer", "gradient_layer1_weights"
	Post  string  // the post's line that makes it: "input_layer = np.dot(training_data, layer1_weights_array)"
	Ours  string  // our Go value, and what it is: "Step.InputLayer[0] = X·W[0]"
	M     *Matrix // its numbers (a loss is 1×1); for the step's rows, a view of its buffer
	Rows  bool    // one row per example of the batch (N rows)
	Units int     // the layer whose units number the columns: 0 the features, len(W) the classes; −1 for a loss
	Of    *Matrix // for a parameter's whole gradient (the L2 part included): that parameter, in before
}

// Values returns every value of the step s just computed, in the post's order: the step's inputs — its
// rows, their labels, and the weights and biases it started from (before) — then the forward pass, the
// loss and its two parts, the error signals, the gradients (their data part, then with the L2 part), and,
// when after is not nil, the weights and biases after the update (after is the network Run updated).
// The step must have been run with its loss. With one hidden layer the names are the post's; with more,
// the hidden layers' names are numbered from the bottom (hidden_layer1, hidden_layer2, …, and so
// error_signal_hidden1, …) and the weights are layer1_weights_array, layer2_…, layer3_….
func (s *Step) Values(before, after *Network) []StepValue {
	last := len(before.W) - 1
	n := postNames{layers: last}
	scalar := func(v float64) *Matrix { return NewMatrixFrom(1, 1, []float64{v}) }
	vs := []StepValue{
		{"training_data", "training_data", "Step.X: the step's rows", &s.X, true, 0, nil},
		{"training_labels", "training_labels", "Step.Y: their one-hot labels", &s.Y, true, last + 1, nil},
	}
	for l := range before.W {
		vs = append(vs,
			StepValue{n.weights(l), n.weights(l), fmt.Sprintf("net.W[%d], as the step starts", l), before.W[l], false, l + 1, nil},
			StepValue{n.biases(l), n.biases(l), fmt.Sprintf("net.B[%d]", l), before.B[l], false, l + 1, nil})
	}

	// the forward pass
	for l := 0; l < last; l++ {
		in, inOurs := n.input(l)
		vs = append(vs,
			StepValue{n.hidden("input_layer", l), fmt.Sprintf("%s = np.dot(%s, %s)", n.hidden("input_layer", l), in, n.weights(l)),
				fmt.Sprintf("Step.InputLayer[%d] = %s·W[%d]", l, inOurs, l), s.InputLayer[l], true, l + 1, nil},
			StepValue{n.hidden("hidden_layer", l), fmt.Sprintf("%s = relu_activation(%s + %s)", n.hidden("hidden_layer", l), n.hidden("input_layer", l), n.biases(l)),
				fmt.Sprintf("Step.Hidden[%d] = max(InputLayer[%d] + B[%d], 0)", l, l, l), s.Hidden[l], true, l + 1, nil})
	}
	in, inOurs := n.input(last)
	vs = append(vs,
		StepValue{"output_layer", fmt.Sprintf("output_layer = np.dot(%s, %s) + %s", in, n.weights(last), n.biases(last)),
			fmt.Sprintf("Step.OutputLayer = %s·W[%d] + B[%d]", inOurs, last, last), s.OutputLayer, true, last + 1, nil},
		StepValue{"output_probs", "output_probs = softmax(output_layer)",
			"Step.OutputProbs: exp(z − rowmax) / Σ exp(z − rowmax), row by row", s.OutputProbs, true, last + 1, nil})

	// the loss
	var arrays []string
	for l := range before.W {
		arrays = append(arrays, n.weights(l))
	}
	l2 := fmt.Sprintf("regularization_L2_softmax_loss(reg_lambda, %s)", strings.Join(arrays, ", "))
	vs = append(vs,
		StepValue{"loss", "loss = cross_entropy_softmax_loss_array(output_probs, training_labels)",
			"Step.DataLoss = CrossEntropyLoss(OutputLayer, Y): the mean of −log(probability of the true class)", scalar(s.DataLoss), false, -1, nil},
		StepValue{"regularization_L2_softmax_loss", l2, "Step.L2Loss = net.L2Loss(λ) = Σ ½·λ·ΣW²", scalar(s.L2Loss), false, -1, nil},
		StepValue{"loss", "loss += " + l2, "Step.Loss = DataLoss + L2Loss: the number training prints", scalar(s.Loss), false, -1, nil})

	// the error signals: rule 2, from the top down
	vs = append(vs, StepValue{"output_error_signal", "output_error_signal = (output_probs - training_labels) / output_probs.shape[0]",
		"Step.OutputErrorSignal = (OutputProbs − Y) / N = ∂L/∂output_layer", s.OutputErrorSignal, true, last + 1, nil})
	for l := last - 1; l >= 0; l-- {
		sig := n.signal(l)
		vs = append(vs, StepValue{sig, fmt.Sprintf("%s = np.dot(%s, %s.T); %s[%s <= 0] = 0", sig, n.signal(l+1), n.weights(l+1), sig, n.hidden("hidden_layer", l)),
			fmt.Sprintf("Step.ErrorSignalHidden[%d] = (δ above · W[%d]ᵀ) ⊙ 1(Hidden[%d] > 0), the mask applied in place", l, l+1, l),
			s.ErrorSignalHidden[l], true, l + 1, nil})
	}

	// the gradients: rule 1, from the top down; then the L2 part
	for l := last; l >= 0; l-- {
		in, inOurs := n.input(l)
		vs = append(vs,
			StepValue{n.gradient(l, "weights"), fmt.Sprintf("%s = np.dot(%s.T, %s)", n.gradient(l, "weights"), in, n.signal(l)),
				fmt.Sprintf("Step.DataGradW[%d] = %sᵀ·δ, the data part", l, inOurs), s.DataGradW[l], false, l + 1, nil},
			StepValue{n.gradient(l, "bias"), fmt.Sprintf("%s = np.sum(%s, axis = 0, keepdims = True)", n.gradient(l, "bias"), n.signal(l)),
				fmt.Sprintf("Step.GradB[%d] = Σ over rows of δ", l), s.GradB[l], false, l + 1, before.B[l]})
	}
	for l := last; l >= 0; l-- {
		vs = append(vs, StepValue{n.gradient(l, "weights"), fmt.Sprintf("%s += reg_lambda * %s", n.gradient(l, "weights"), n.weights(l)),
			fmt.Sprintf("Step.GradW[%d] = DataGradW[%d] + λ·W[%d]", l, l, l), s.GradW[l], false, l + 1, before.W[l]})
	}

	// the update
	if after != nil {
		for l := range after.W {
			vs = append(vs,
				StepValue{n.weights(l), fmt.Sprintf("%s -= learning_rate * %s", n.weights(l), n.gradient(l, "weights")),
					fmt.Sprintf("net.W[%d] after the step: W − lr·GradW[%d]", l, l), after.W[l], false, l + 1, nil},
				StepValue{n.biases(l), fmt.Sprintf("%s -= learning_rate * %s", n.biases(l), n.gradient(l, "bias")),
					fmt.Sprintf("net.B[%d] after the step: b − lr·GradB[%d]", l, l), after.B[l], false, l + 1, nil})
		}
	}
	return vs
}

// Share returns row at's term of the sum over the batch's rows that makes the value v: for a
// gradient's data part, inputᵀ·δ of that row alone, [size[l] x size[l+1]] = [1 x size[l]]ᵀ·[1 x size[l+1]];
// for a bias gradient, the row's δ; nil for a value that is no such sum. The step adds these terms up
// over its rows (post: np.dot(hidden_layer.T, output_error_signal) sums hidden[n]ᵀ·δ[n] over n).
func (s *Step) Share(v StepValue, at int) *Matrix {
	for l := range s.DataGradW {
		in, delta := s.layerInput(l).RowsView(at, at+1), s.errorSignal(l).RowsView(at, at+1) // [1 x size[l]], [1 x size[l+1]]
		switch v.M {
		case s.DataGradW[l]:
			share := NewMatrix(in.cols, delta.cols) // [size[l] x size[l+1]]
			MulTransAInto(share, in, delta)
			return share
		case s.GradB[l]:
			return delta
		}
	}
	return nil
}

// Votes returns every row's term of the data part of one parameter's gradient — row n's
// input[n][i]·δ[n][j] for the weight W[l][i][j] (post: np.dot(hidden_layer.T, output_error_signal) is the
// sum of these over n), δ[n][j] for the bias B[l][0][j] — and their sum, added as the step adds every sum
// over rows: each block of sumBlock rows in order, then the blocks' sums in order. That is the step's own
// order, so the sum is the data part to the last bit: the gradient is exactly every row's vote, added up.
func (s *Step) Votes(l, i, j int, bias bool) (terms []float64, sum float64) {
	in, delta := s.layerInput(l), s.errorSignal(l) // [N x size[l]], [N x size[l+1]]
	terms = make([]float64, delta.rows)
	for n := range terms {
		terms[n] = delta.At(n, j)
		if !bias {
			terms[n] = in.At(n, i) * delta.At(n, j)
		}
	}
	for lo := 0; lo < len(terms); lo += sumBlock {
		block := 0.0
		for _, v := range terms[lo:min(lo+sumBlock, len(terms))] {
			block += v
		}
		sum += block
	}
	return terms, sum
}

// RowValues returns the step's table as row at of its batch went through it: each tall value cut to that
// row (a [1 x cols] view), each whole one as it is, and after each gradient's data part and each bias
// gradient the row's share of it (Share). The live view's audit of a row shows them.
func (s *Step) RowValues(before, after *Network, at int) []StepValue {
	var vs []StepValue
	for _, v := range s.Values(before, after) {
		share := s.Share(v, at)
		if v.Rows {
			v.M = v.M.RowsView(at, at+1)
		}
		vs = append(vs, v)
		if share != nil {
			vs = append(vs, StepValue{Name: v.Name, Post: "this row's share of " + v.Name, Ours: "the same for this row alone: the step adds these up over its N rows",
				M: share, Units: v.Units})
		}
	}
	return vs
}

// ParamValues returns the lines of the step's table that make one parameter — the weight W[l][i][j]
// of before, or with bias the bias B[l][0][j] — each cut to that one entry: the parameter, its
// gradient's data part, for a weight the L2 part λ·W, the gradient, and, when after is not nil, the
// parameter after the update. The live view's audit of a weight or a unit shows them.
func (s *Step) ParamValues(before, after *Network, l, i, j int, bias bool, regLambda float64) []StepValue {
	mine := []*Matrix{before.W[l], s.DataGradW[l], s.GradW[l]} // the parameter's own values
	if bias {
		i, mine = 0, []*Matrix{before.B[l], s.GradB[l]}
	}
	if after != nil {
		mine = append(mine, map[bool]*Matrix{false: after.W[l], true: after.B[l]}[bias])
	}
	one := func(v float64) *Matrix { return NewMatrixFrom(1, 1, []float64{v}) }
	var vs []StepValue
	for _, v := range s.Values(before, after) {
		if !slices.Contains(mine, v.M) {
			continue
		}
		if v.M == s.GradW[l] { // gradient_layer1_weights += reg_lambda * layer1_weights_array: its L2 part first
			vs = append(vs, StepValue{Name: "L2", Post: "reg_lambda * " + postNames{}.weights(l), Ours: "λ·W: the L2 part, which pulls every weight towards 0",
				M: one(regLambda * before.W[l].At(i, j)), Units: -1})
		}
		v.M, v.Units = one(v.M.At(i, j)), -1
		vs = append(vs, v)
	}
	return vs
}

// postNames names the values of a network with this many hidden layers as the post does.
type postNames struct{ layers int } // hidden layers

// weights and biases name layer l's parameters: layer1_weights_array, layer1_biases_array, ….
func (n postNames) weights(l int) string { return fmt.Sprintf("layer%d_weights_array", l+1) }
func (n postNames) biases(l int) string  { return fmt.Sprintf("layer%d_biases_array", l+1) }

// gradient names the gradient of layer l's weights or bias: gradient_layer1_weights, gradient_layer1_bias.
func (n postNames) gradient(l int, of string) string {
	return fmt.Sprintf("gradient_layer%d_%s", l+1, of)
}

// hidden is the name of hidden layer l's value: hidden_layer when there is one hidden layer, else
// hidden_layer1, hidden_layer2, ….
func (n postNames) hidden(prefix string, l int) string {
	if n.layers == 1 {
		return prefix
	}
	return fmt.Sprintf("%s%d", prefix, l+1)
}

// input names what layer l reads, in the post's numpy and in our Go.
func (n postNames) input(l int) (post, ours string) {
	if l == 0 {
		return "training_data", "X"
	}
	return n.hidden("hidden_layer", l-1), fmt.Sprintf("Hidden[%d]", l-1)
}

// signal names δ at layer l's output: output_error_signal for the last layer, error_signal_hidden below.
func (n postNames) signal(l int) string {
	if l == n.layers {
		return "output_error_signal"
	}
	return n.hidden("error_signal_hidden", l)
}

// ---------------------------------------------------------------------------------------------------
// The gradient check: backprop against finite differences.

// GradCheck is the outcome of comparing backprop's gradient with finite differences for one parameter
// array.
type GradCheck struct {
	Name      string  // the gradient's name in the step's table: "gradient_layer1_weights", …
	Entries   int     // the array's entries; above maxGradChecks, an even sample of them is compared
	MaxRelErr float64 // the largest relative error over the array's checked entries
	Checked   int     // entries compared
	Skipped   int     // entries skipped because a nudge of ±h flips a ReLU (a kink: no derivative there)
}

// maxGradChecks is the most entries of one array the gradient check compares: entries 0, k, 2k, … for
// the smallest k that keeps them under it. Each entry costs a few forward passes over the rows, so a wide
// layer (-hidden 1000: 2000 weights in W1) is sampled rather than checked for minutes.
const maxGradChecks = 100

// gradCheckSteps are the finite-difference steps h tried, largest first. The central difference has two
// errors: truncation, about h²·L‴/6, which wants h small; and rounding, about ε·|L|/h (ε ≈ 1e-16, times a
// little more for a loss summed over thousands of rows), which wants h large. At h = 1e-4 both stay near
// 1e-8 of a typical gradient, far below the 1e-6 tolerance. A smaller h is used only when the larger one
// would push some row across a ReLU's kink.
var gradCheckSteps = []float64{1e-4, 1e-5, 1e-6}

// GradientCheck compares backprop's gradient of the full loss on x [N x D], y [N x K] — the GradW and
// GradB that Step.Run computes, from a step run on a copy of net — with the central difference
// (L(θ + h) − L(θ − h)) / 2h, one parameter θ at a time, and returns the largest relative error
// |backprop − numeric| / max(|backprop|, |numeric|, 1e-3) for each parameter array. (The floor 1e-3 keeps
// a gradient that is nearly 0 from turning the difference's own rounding into a large relative error;
// it makes the check absolute below 1e-3.)
//
// Kinks: ReLU has no derivative at 0, and if a nudge of ±h moves some row's hidden unit across 0 the
// difference measures the kink, not the gradient. So for each parameter the largest h in gradCheckSteps
// that turns no ReLU on or off is used; a parameter for which even the smallest does is skipped and
// counted. Arrays are named, and their entries paired with their gradients, by the step's table
// (Step.Values). The network is left unchanged.
func GradientCheck(net *Network, x, y *Matrix, regLambda float64) []GradCheck {
	s := NewStep(net.Sizes(), x.rows)
	s.X, s.Y = *x, *y
	s.Run(net.Clone(), Config{RegLambda: regLambda}, true) // the copy's update is thrown away
	pattern := reluPattern(s.Hidden)

	p := NewPass(net.Sizes(), x.rows)
	p.X = *x
	// centralDifference returns (L(θ+h) − L(θ−h)) / 2h for the largest h that crosses no kink.
	centralDifference := func(theta *float64) (numeric float64, ok bool) {
		orig := *theta
		defer func() { *theta = orig }()
		for _, h := range gradCheckSteps {
			*theta = orig + h
			lossPlus := net.Loss(p, y, regLambda)
			samePlus := reluPattern(p.Hidden) == pattern
			*theta = orig - h
			lossMinus := net.Loss(p, y, regLambda)
			if samePlus && reluPattern(p.Hidden) == pattern {
				return (lossPlus - lossMinus) / (2 * h), true
			}
		}
		return 0, false
	}
	var results []GradCheck
	for _, v := range s.Values(net, nil) {
		if v.Of == nil { // not a parameter's whole gradient
			continue
		}
		res := GradCheck{Name: v.Name, Entries: len(v.Of.data)}
		every := (len(v.Of.data) + maxGradChecks - 1) / maxGradChecks
		for i := 0; i < len(v.Of.data); i += every {
			numeric, ok := centralDifference(&v.Of.data[i])
			if !ok {
				res.Skipped++
				continue
			}
			analytic := v.M.data[i]
			relErr := math.Abs(analytic-numeric) / max(math.Abs(analytic), math.Abs(numeric), 1e-3)
			res.MaxRelErr = max(res.MaxRelErr, relErr)
			res.Checked++
		}
		results = append(results, res)
	}
	return results
}

// reluPattern summarizes which hidden units are on (> 0), as a string of 0s and 1s.
func reluPattern(hidden []*Matrix) string {
	var b []byte
	for _, h := range hidden {
		for _, v := range h.data {
			if v > 0 {
				b = append(b, '1')
			} else {
				b = append(b, '0')
			}
		}
	}
	return string(b)
}

// ---------------------------------------------------------------------------------------------------
// The run: what training starts from, as the post's cells before its loop make it — the data, the
// split, the scaling, and the network's first weights.

// Setup holds what a run starts from, as the flags set it (main.go), with the post's values as
// defaults.
type Setup struct {
	seed         int64
	observations int
	hiddenText   string // -hidden as given: "5", "16,8"
	hidden       []int  // … and as parsed
	testSize     float64
	init         string          // how the weights are drawn: a key of Initializers
	preset       string          // a key of presets, or ""
	byPreset     map[string]bool // the flags the preset set
	dataset      string          // which made-up data: "post" (the default) or a key of Generators
	noise        float64         // the generator's noise; −1 for its own
	data         string          // a CSV file to train on instead of the post's clusters ("-": standard input)
	label        int             // the label's column in -data/-predict files, 1-based; 0 means the last
	standardize  bool            // z-score the features with the training rows' statistics
	train        Config
	stdin        io.Reader // what -data - and -predict - read
}

// presetNote is " (from -preset NAME)" when the preset set flag name, so that a message about it does not
// seem to be about a flag the user gave.
func (o *Setup) presetNote(name string) string {
	if o.byPreset[name] {
		return " (from -preset " + o.preset + ")"
	}
	return ""
}

// experiment is what a training run starts from, made from the options: the data, its split, the
// scaling, the network as drawn, and the training settings.
type experiment struct {
	all            *Dataset      // every example, features as read
	train, test    *Dataset      // the split; features standardized when -standardize asks
	rawTrain       *Dataset      // the training examples with their features as read, for the pictures
	rawTest        *Dataset      // the test examples with their features as read
	rawMeans       []float64     // each feature's mean over the training rows, as read
	st             *Standardizer // nil unless -standardize
	net            *Network      // the network as drawn, before any step
	cfg            Config
	opts           Setup
	discardedDraws int // normal draws skipped between the data and the weights (the post's notebook's 50)
}

// newExperiment makes the data (the post's clusters, a teaching data set, or a CSV file), splits it as
// train_test_split does, standardizes it if asked, and draws the network's starting weights.
func newExperiment(opts Setup, warn func(string)) (*experiment, error) {
	ex := &experiment{cfg: opts.train, opts: opts}
	rng, err := ex.loadData(warn)
	if err != nil {
		return nil, err
	}
	train := ex.train
	if ex.cfg.Batch > train.X.rows {
		return nil, usagef("-batch %d%s is larger than the %d training rows; use at most %d, or 0 for all of them",
			ex.cfg.Batch, opts.presetNote("batch"), train.X.rows, train.X.rows)
	}
	if ex.cfg.Batch > 0 && ex.cfg.Batch < train.X.rows {
		ex.cfg.LossLabel = "Minibatch loss" // the loss printed is the one on that step's minibatch
	}
	rawTrain, rawTest := *train, *ex.test
	ex.rawTrain, ex.rawTest = &rawTrain, &rawTest
	means := SumRows(train.X) // [1 x D]
	ScaleInto(means, 1/float64(train.X.rows), means)
	ex.rawMeans = means.data
	if opts.standardize {
		// z-scores with the training rows' statistics, for training and test rows alike
		ex.st = FitStandardizer(train.X)
		ex.train.X, ex.test.X = ex.st.Apply(train.X), ex.st.Apply(ex.test.X)
	}
	// layer1_weights_array = np.random.normal(0, 1, [num_features, hidden_nodes]), …
	sizes := append(append([]int{train.X.cols}, opts.hidden...), train.Y.cols)
	ex.net = NewNetwork(sizes, Initializers[opts.init](rng))
	return ex, nil
}

// loadData sets the whole data set and its training and test parts, and returns the random stream the
// weights are drawn from: the post's data (default), a teaching data set (-dataset) or a CSV file
// (-data). Made-up data are made only once their size and split have passed their checks.
func (ex *experiment) loadData(warn func(string)) (*RandomState, error) {
	o := ex.opts
	var all *Dataset
	var rows int
	if o.data != "" {
		var err error
		if all, err = readDataset(o.data, o.label-1, o.stdin); err != nil {
			return nil, err
		}
		rows = all.X.rows
		if err := o.checkMemory(rows, all.X.cols, all.Y.cols); err != nil {
			return nil, err
		}
	} else {
		classes := len(postClusters)
		if o.dataset != "post" {
			classes = Generators[o.dataset].Classes
		}
		rows = classes * o.observations
		if err := o.checkMemory(rows, 2, classes); err != nil {
			return nil, err
		}
	}
	// train_test_split(features, labels_onehot, test_size=.1, random_state=12) uses a generator of its
	// own, so the split can be chosen (and checked) before the data exist.
	trainIdx, testIdx, err := TrainTestSplit(rows, o.testSize, uint32(o.seed))
	if err != nil {
		if o.data != "" {
			return nil, fmt.Errorf("%s has too few rows to split: %v", o.data, err)
		}
		return nil, usageError{err}
	}
	// np.random.seed(S), then the data, then the weights, from the one stream
	rng := NewRandomState(uint32(o.seed))
	switch gen, ok := Generators[o.dataset]; {
	case all != nil: // read from the file
	case ok:
		noise := o.noise
		if noise < 0 {
			noise = gen.Noise
		}
		all = gen.Make(rng, o.observations, noise)
	default:
		all = PostData(rng, o.observations, warn)
		ex.discardedDraws = discardedWeightDraws // the weights come after the draws the post's notebook discarded
		for i := 0; i < ex.discardedDraws; i++ {
			rng.NormFloat64()
		}
	}
	ex.all, ex.train, ex.test = all, all.Subset(trainIdx), all.Subset(testIdx)
	return rng, nil
}

// readDataset reads a CSV data set; labelCol is 0-based, −1 for the last column.
func readDataset(path string, labelCol int, stdin io.Reader) (*Dataset, error) {
	t, err := readTableFile(path, stdin)
	if err != nil {
		return nil, err
	}
	if cols := len(t.Rows[0]); labelCol >= cols {
		return nil, usagef("-label %d: %s has only %d columns", labelCol+1, path, cols)
	}
	return ParseDataset(t, labelCol)
}

// divergenceHint says what most likely makes training diverge, if it does: a λ so large that the L2
// part alone blows the weights up (each step multiplies them by 1 − lr·λ, which grows them when
// lr·λ > 2, and ½·λ·ΣW² may overflow at once); features too large for unscaled training; or, as in most
// cases, a learning rate too large.
func (ex *experiment) divergenceHint() string {
	lr, reg := ex.cfg.LearningRate, ex.cfg.RegLambda
	if lr*reg > 2 && reg >= 1 || notFinite(ex.net.L2Loss(reg)) {
		return fmt.Sprintf("-reg %v is too large for -lr %v: the L2 part alone multiplies the weights by 1 − lr·λ each step, which grows them when lr·λ > 2 (try a -reg well below %v, or a smaller -lr)", reg, lr, 2/lr)
	}
	largest := 0.0
	for _, v := range ex.train.X.data {
		largest = max(largest, math.Abs(v))
	}
	if largest > 1e6 && ex.st == nil {
		return fmt.Sprintf("the features reach %.3g: scale them with -standardize (or try a smaller -lr, now %v)", largest, lr)
	}
	return fmt.Sprintf("try a smaller -lr (now %v)", lr)
}

// checkMemory refuses a run on rows examples of this many features and classes that would need more
// memory than the machine has (runMemory, against checkMemory's limit), naming the sizes that drive it.
func (o *Setup) checkMemory(rows, features, classes int) error {
	test := int(math.Ceil(o.testSize * float64(rows)))
	batch := rows - test
	if o.train.Batch > 0 && o.train.Batch < batch {
		batch = o.train.Batch
	}
	recorded := 0
	if o.train.RecordLoss {
		recorded = o.train.Steps
	}
	need := runMemory(rows, rows-test, batch, features, classes, o.hidden, recorded)
	what := fmt.Sprintf("this run (%d examples, %d features, hidden layers %s, %d rows a step)", rows, features, o.hiddenText, batch)
	if err := checkMemory(what, need); err != nil {
		return fmt.Errorf("%v: use fewer examples (-observations, or a smaller file), a smaller -batch or smaller -hidden layers", err)
	}
	return nil
}
