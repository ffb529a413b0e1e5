// Command nnfromscratch is the neural network of the blog post "Building a Neural Network from Scratch in
// Python and in TensorFlow", rebuilt in plain Go so that a learner can follow — and check — every step.
//
// With no flags, `go run .` does what the post does and prints what the post prints: it draws the post's
// three Gaussian clusters from numpy's own random stream (seed 12), splits them as scikit-learn does,
// trains the 2 → 5 (ReLU) → 3 (softmax) network by full-batch gradient descent for 5001 steps, prints the
// loss every 500 steps and then the test accuracy — the same numbers as the post's numpy code, because
// every random draw and every arithmetic step is the same.
//
// What it is: a clear reference. float64 throughout, the standard library only, one small matrix type,
// names taken from the post, and tests that check each piece against hand-worked values and against
// numpy's own figures.
//
// What it is not: a deep-learning framework. There is no automatic differentiation, no GPU, no model zoo;
// the gradient of each layer is written out by hand as the post derives it.
//
// The files, from the bottom up: matrix.go (the matrix type), data.go (random numbers, data sets, the
// split), network.go (forward pass, loss, the local derivatives), train.go (the training step and loop),
// main.go (this file: the command line, and everything it writes). No file uses a name defined in a file
// above it.
//
// This file, in reading order:
//
//  1. The default path: run → newExperiment (data, split, network) → Train → the test accuracy.
//  2. Flags: the options, their defaults (the post's), and the one function that checks them.
//  3. The modes: -explain (every value of step 0), -gradcheck, -predict.
//  4. Files written: saved models, and how every file is written (whole or not at all).
//  5. Pictures: -plot's SVG files.
//  6. The live view: -serve, training watched in a browser (the page itself is in web/).
package main

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	iofs "io/fs"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ===================================================================================================
// 1. The default path.
// ===================================================================================================

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // something went wrong while running: a bad file, a diverging run
	exitUsage = 2 // the command line itself is wrong
)

// run is the whole program: it parses args, runs, writes results to stdout and messages to stderr, and
// returns the exit status. Every problem a user can cause ends in one line on stderr. A panic is a bug
// in the program, not something a user caused; it too ends in one line (with the panic's message, which
// names the shapes involved), not a stack trace.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "nn: internal error, a bug in this program (please report it with the command line): %v\n", p)
			code = exitError
		}
	}()
	opts, err := parseFlags(args, stdout)
	opts.stdin, opts.args = stdin, args
	if err == nil {
		for _, w := range opts.warnings {
			fmt.Fprintf(stderr, "nn: warning: %s\n", w)
		}
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err == nil {
		err = runWith(opts, stdout, stderr)
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "nn: %v\n", err)
	if errors.As(err, new(usageError)) {
		return exitUsage
	}
	return exitError
}

// usageError is an error in how the program was called (exit status 2), as opposed to one met while
// running (exit status 1).
type usageError struct{ error }

// runWith does the work for parsed options: make the data and the network, then train it (or explain or
// check its first step), report the test accuracy, and write what was asked for.
func runWith(opts options, stdout, stderr io.Writer) error {
	if opts.load != "" {
		return predictWith(opts, stdout, stderr)
	}
	if opts.serve != "" {
		return serve(opts, stdout, stderr)
	}
	var saveTo outputFile
	var plotTo map[string]outputFile
	var err error
	if opts.save != "" {
		if saveTo, err = checkOutput(opts.save); err != nil {
			return err
		}
	}
	if opts.plot != "" {
		if plotTo, err = preparePlotDir(opts.plot); err != nil {
			return err
		}
		opts.train.RecordLoss = true // the loss curve wants every step's loss
	}
	warn := func(msg string) { fmt.Fprintf(stderr, "nn: warning: %s\n", msg) }
	ex, err := newExperiment(opts, warn)
	if err != nil {
		return err
	}
	plotI, plotJ, err := plotFeatures(opts.plotFeatures, ex.all.Features)
	if err != nil {
		return err
	}
	if opts.data != "" {
		fmt.Fprintf(stdout, "Data: %s, %d training and %d test rows, %d features: %s\n", opts.data,
			ex.train.X.rows, ex.test.X.rows, len(ex.train.Features), shortList(ex.train.Features, 10))
		fmt.Fprintf(stdout, "Classes: %s\n", shortList(numbered(ex.train.Classes), 10))
	}
	switch {
	case opts.explain:
		return explainStep(stdout, ex.net, ex.train, ex.cfg, opts.explainRows)
	case opts.gradcheck:
		return gradientCheckReport(stdout, ex.net, ex.train, ex.cfg)
	}

	hint := ex.divergenceHint() // what to say if training diverges, judged from where it starts
	losses, err := Train(ex.net, ex.train.X, ex.train.Y, ex.cfg, stdout)
	if errors.As(err, new(*DivergedError)) {
		return fmt.Errorf("%v; %s", err, hint)
	}
	if err != nil {
		return err
	}
	testProbs := ex.net.Predict(ex.test.X)
	acc, _ := Accuracy(testProbs, ex.test.Y)
	fmt.Fprintf(stdout, "Test accuracy: %s%%\n", formatFloat(acc))

	if opts.plot != "" {
		in := plotInputs{all: ex.all, test: ex.rawTest, testProbs: testProbs, predict: ex.predictRaw, means: ex.rawMeans, losses: losses,
			cfg: ex.cfg, minibatch: ex.cfg.Batch > 0 && ex.cfg.Batch < ex.train.X.rows, featureI: plotI, featureJ: plotJ}
		if err := writePlots(plotTo, in, stdout); err != nil {
			return err
		}
	}
	if opts.save != "" {
		model := NewModel(ex.net, ex.train, ex.st)
		if err := writeFileAtomic(saveTo, func(w io.Writer) error { return writeJSON(w, model) }); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Model saved to %s\n", opts.save)
	}
	return nil
}

// experiment is what a training run starts from, made from the options: the data, its split, the
// scaling, the network as drawn, and the training settings.
type experiment struct {
	all         *Dataset      // every example, features as read
	train, test *Dataset      // the split; features standardized when -standardize asks
	rawTrain    *Dataset      // the training examples with their features as read, for the live view
	rawTest     *Dataset      // the test examples with their features as read, for the pictures
	rawMeans    []float64     // each feature's mean over the training rows, as read
	st          *Standardizer // nil unless -standardize
	net         *Network      // the network as drawn, before any step
	cfg         Config
}

// newExperiment makes the data (the post's clusters, or a CSV file), splits it as train_test_split
// does, standardizes it if asked, and draws the network's starting weights.
func newExperiment(opts options, warn func(string)) (*experiment, error) {
	all, train, test, rng, err := loadData(opts, warn)
	if err != nil {
		return nil, err
	}
	ex := &experiment{all: all, train: train, test: test, cfg: opts.train}
	if ex.cfg.Batch > train.X.rows {
		return nil, usageError{fmt.Errorf("-batch %d is larger than the %d training rows; use at most %d, or 0 for all of them",
			ex.cfg.Batch, train.X.rows, train.X.rows)}
	}
	if ex.cfg.Batch > 0 && ex.cfg.Batch < train.X.rows {
		ex.cfg.LossLabel = "Minibatch loss" // the loss printed is the one on that step's minibatch
	}
	rawTrain, rawTest := *train, *test
	ex.rawTrain, ex.rawTest = &rawTrain, &rawTest
	means := SumRows(train.X) // [1 x D]
	ScaleInto(means, 1/float64(train.X.rows), means)
	ex.rawMeans = means.data
	if opts.standardize {
		// z-scores with the training rows' statistics, for training and test rows alike
		ex.st = FitStandardizer(train.X)
		ex.train.X, ex.test.X = ex.st.Apply(train.X), ex.st.Apply(test.X)
	}
	// layer1_weights_array = np.random.normal(0, 1, [num_features, hidden_nodes]), …
	sizes := append(append([]int{train.X.cols}, opts.hidden...), train.Y.cols)
	ex.net = NewNetwork(sizes, Initializers[opts.init](rng))
	return ex, nil
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

// predictRaw returns the network's probabilities for rows of features as read: standardized first, if
// the experiment standardizes.
func (ex *experiment) predictRaw(x *Matrix) *Matrix {
	if ex.st != nil {
		x = ex.st.Apply(x)
	}
	return ex.net.Predict(x)
}

// loadData returns the whole data set, its training and test parts, and the random stream the weights
// are drawn from: the post's data (default) or a CSV file (-data).
func loadData(opts options, warn func(string)) (all, train, test *Dataset, rng *RandomState, err error) {
	if gen, ok := Generators[opts.dataset]; ok && opts.data == "" {
		rows := gen.Classes * opts.observations
		if err := opts.checkMemory(rows, 2, gen.Classes); err != nil {
			return nil, nil, nil, nil, err
		}
		trainIdx, testIdx, err := TrainTestSplit(rows, opts.testSize, uint32(opts.seed))
		if err != nil {
			return nil, nil, nil, nil, usageError{err}
		}
		noise := opts.noise
		if noise < 0 {
			noise = gen.Noise
		}
		// np.random.seed(S), then the data, then the weights, from the one stream
		rng = NewRandomState(uint32(opts.seed))
		all = gen.Make(rng, opts.observations, noise)
		return all, all.Subset(trainIdx), all.Subset(testIdx), rng, nil
	}
	if opts.data == "" {
		rows := len(postClusters) * opts.observations
		if err := opts.checkMemory(rows, 2, len(postClusters)); err != nil {
			return nil, nil, nil, nil, err
		}
		// train_test_split(features, labels_onehot, test_size=.1, random_state=12) uses a generator of
		// its own, so the split can be chosen (and checked) before the data exist.
		trainIdx, testIdx, err := TrainTestSplit(rows, opts.testSize, uint32(opts.seed))
		if err != nil {
			return nil, nil, nil, nil, usageError{err}
		}
		// np.random.seed(12); the post's data from the global stream
		rng = NewRandomState(uint32(opts.seed))
		all = PostData(rng, opts.observations, warn)
		// the weights come after the draws the post's notebook discarded
		for i := 0; i < discardedWeightDraws; i++ {
			rng.NormFloat64()
		}
		return all, all.Subset(trainIdx), all.Subset(testIdx), rng, nil
	}
	all, err = readDataset(opts.data, opts.label-1, opts.stdin)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if err := opts.checkMemory(all.X.rows, all.X.cols, all.Y.cols); err != nil {
		return nil, nil, nil, nil, err
	}
	trainIdx, testIdx, err := TrainTestSplit(all.X.rows, opts.testSize, uint32(opts.seed))
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("%s has too few rows to split: %v", opts.data, err)
	}
	return all, all.Subset(trainIdx), all.Subset(testIdx), NewRandomState(uint32(opts.seed)), nil
}

// runMemory estimates, in bytes, what a run needs: the data (the whole set, its split, standardized
// copies), the training step's buffers (three per layer of batch rows: the layer, its input before the
// ReLU, its error signal), the test set's forward pass, the weights and their gradients, the split's
// permutation, and one loss per step for -plot.
func runMemory(rows, trainRows, batch, features, classes int, hidden []int, recordedSteps int) float64 {
	sumH, weights, prev := 0, 0, features
	for _, h := range append(append([]int{}, hidden...), classes) {
		sumH += h
		weights += (prev + 1) * h
		prev = h
	}
	sumH -= classes
	data := 3 * rows * (features + classes)
	step := batch * (3*sumH + 3*classes)
	test := (rows - trainRows) * (2*sumH + 2*classes)
	return 8 * float64(data+step+test+6*weights+2*rows+recordedSteps)
}

// checkMemory refuses a run on rows examples of this many features and classes that would need more
// memory than the machine has, naming the sizes that drive it.
func (o *options) checkMemory(rows, features, classes int) error {
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

// readDataset reads a CSV data set; labelCol is 0-based, −1 for the last column.
func readDataset(path string, labelCol int, stdin io.Reader) (*Dataset, error) {
	t, err := readTableFile(path, stdin)
	if err != nil {
		return nil, err
	}
	if cols := len(t.Rows[0]); labelCol >= cols {
		return nil, usageError{fmt.Errorf("-label %d: %s has only %d columns", labelCol+1, path, cols)}
	}
	return ParseDataset(t, labelCol)
}

// readTableFile reads a CSV file; the path "-" is standard input, as for Go's and Unix's tools.
func readTableFile(path string, stdin io.Reader) (*Table, error) {
	if path == "-" {
		return ReadTable(stdin, "standard input")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err == nil && fi.IsDir() {
		return nil, fmt.Errorf("cannot read %s: it is a folder", path)
	}
	if err == nil && fi.Mode().IsRegular() {
		if err := checkMemory(fmt.Sprintf("reading %s (%s)", path, byteSize(float64(fi.Size()))), 4*float64(fi.Size())); err != nil {
			return nil, err
		}
	}
	return ReadTable(f, path)
}

// numbered gives class names their numbers: "0 = setosa", "1 = versicolor".
func numbered(names []string) []string {
	parts := make([]string, len(names))
	for k, n := range names {
		parts[k] = fmt.Sprintf("%d = %s", k, n)
	}
	return parts
}

// ===================================================================================================
// 2. Flags.
// ===================================================================================================

// options are the command-line settings, with the post's values as defaults.
type options struct {
	seed         int64
	observations int
	hiddenText   string // -hidden as given: "5", "16,8"
	hidden       []int  // … and as parsed
	testSize     float64
	init         string   // how the weights are drawn: a key of Initializers
	preset       string   // a key of presets, or ""
	explain      bool     // print every value of step 0 instead of training
	explainRows  int      // how many rows of a tall matrix -explain shows
	gradcheck    bool     // compare backprop with finite differences instead of training
	dataset      string   // which made-up data: "post" (the default) or a key of Generators
	noiseText    string   // -noise as given; "" for the generator's own
	noise        float64  // … and as parsed; −1 for the generator's own
	data         string   // a CSV file to train on instead of the post's clusters
	label        int      // the label's column in -data/-predict files, 1-based; 0 means the last
	standardize  bool     // z-score the features with the training rows' statistics
	save         string   // write the trained model here
	load         string   // read a model from here (with -predict)
	predict      string   // a CSV file to predict with -load's model
	plotFeatures string   // the two features the pictures show: "1,2", or names
	serve        string   // the address of the live view, or ""
	args         []string // the command line, for the live view's page settings
	plot         string   // a folder to write the pictures into
	train        Config
	stdin        io.Reader // what -data - and -predict - read
	warnings     []string  // flags given that this mode ignores, said on stderr
}

// presets are named sets of flag values. A flag given on the command line wins over its preset value.
var presets = map[string]map[string]string{
	// The post's second model, in TensorFlow: minibatches of 100, truncated-normal weights, no L2,
	// 10001 steps, the minibatch loss printed every 1000.
	"tensorflow": {"batch": "100", "steps": "10001", "lr": "0.01", "reg": "0", "init": "truncated", "every": "1000"},
}

// newFlagSet defines every flag on o, with the post's values as defaults.
func newFlagSet(o *options) *flag.FlagSet {
	*o = options{
		seed: 12, observations: 5000, hiddenText: "5", testSize: 0.1, init: "normal", explainRows: 5, dataset: "post", noise: -1,
		train: Config{LearningRate: 0.01, RegLambda: 0.01, Steps: 5001, Every: 500, LossLabel: "Loss"},
	}
	fs := flag.NewFlagSet("nnfromscratch", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by the caller, in one line
	fs.Usage = func() {}
	fs.Int64Var(&o.seed, "seed", o.seed, "random seed, as np.random.seed(`n`): 0 to 4294967295")
	fs.IntVar(&o.observations, "observations", o.observations, "`n` points per class (post: num_observations): 1 to "+strconv.Itoa(maxObservations))
	fs.StringVar(&o.hiddenText, "hidden", o.hiddenText, "hidden layer `sizes`, comma-separated: 5 (the post) or 16,8, each 1 to "+strconv.Itoa(maxHidden)+"; none for no hidden layer (the softmax linear classifier)")
	fs.StringVar(&o.dataset, "dataset", o.dataset, "which made-up data, by `name`: post (the post's three clusters), "+strings.Join(keys(Generators), ", "))
	fs.StringVar(&o.noiseText, "noise", "", "the -dataset generator's `noise`, 0 to 100: "+noiseHelp()+" (default: the value in brackets)")
	fs.Float64Var(&o.train.LearningRate, "lr", o.train.LearningRate, "learning `rate` (post: learning_rate), > 0")
	fs.Float64Var(&o.train.RegLambda, "reg", o.train.RegLambda, "L2 regularization strength `lambda` (post: reg_lambda), ≥ 0")
	fs.IntVar(&o.train.Steps, "steps", o.train.Steps, "`n` gradient descent steps (post: 5001): 0 to "+strconv.Itoa(maxSteps))
	fs.IntVar(&o.train.Every, "every", o.train.Every, "print the loss every `n` steps (post: 500): 1 or more")
	fs.Float64Var(&o.testSize, "test-size", o.testSize, "`fraction` of the data held out for testing, between 0 and 1")
	fs.IntVar(&o.train.Batch, "batch", o.train.Batch, "`rows` per step, 0 to the number of training rows: 0 for all of them (the post's numpy model), 100 for its TensorFlow model")
	fs.StringVar(&o.init, "init", o.init, "how weights start, by `name`: "+strings.Join(keys(Initializers), ", "))
	fs.BoolVar(&o.explain, "explain", false, "print every value of training step 0 — inputs, layers, loss, error signals, gradients, updated weights — and stop")
	fs.IntVar(&o.explainRows, "explain-rows", o.explainRows, "`n` rows shown of each tall matrix by -explain: 1 or more")
	fs.BoolVar(&o.gradcheck, "gradcheck", false, "compare backprop's gradients with central differences on step 0's data, and stop (exit 1 if any relative error > 1e-6)")
	fs.StringVar(&o.data, "data", "", "train on a CSV `file` of numeric feature columns and a label column, instead of the post's clusters")
	fs.IntVar(&o.label, "label", 0, "the label's `column` in -data and -predict files, counted from 1 (0, the default: the last)")
	fs.BoolVar(&o.standardize, "standardize", false, "z-score every feature with the training rows' mean and standard deviation")
	fs.StringVar(&o.save, "save", "", "after training, write the model (weights, names, scaling) to this JSON `file`")
	fs.StringVar(&o.load, "load", "", "read a model `file` written by -save (use with -predict)")
	fs.StringVar(&o.predict, "predict", "", "with -load: predict the rows of this CSV `file`, one CSV row of class and probabilities each on stdout")
	fs.StringVar(&o.plot, "plot", "", "after training, write data.svg, predictions.svg, regions.svg and loss.svg into this `folder`")
	fs.StringVar(&o.plotFeatures, "plot-features", "", "the two `features` -plot draws, by number from 1 or by header name: 3,4 or petal_length,petal_width (default: the first two)")
	fs.StringVar(&o.preset, "preset", "", "a named set of flags, by `name`: "+strings.Join(keys(presets), ", ")+" (flags given explicitly win)")
	fs.StringVar(&o.serve, "serve", "", "watch training in a browser: serve the live view at this `address` (host:port, such as localhost:8080) until Ctrl-C")
	return fs
}

// Largest sizes the flags accept. Larger ones are refused before anything is made; within them, a run
// that would need more memory than the machine has is refused too (checkMemory).
const (
	maxObservations = 100_000_000
	maxHidden       = 100_000
	maxSteps        = 1_000_000_000
)

// flagRule says what one flag accepts: ok checks the parsed value, want says it in words.
type flagRule struct {
	name string
	want string
	ok   func(o *options) bool
}

// flagRules are the checks validate makes, one per flag that can hold a wrong value.
var flagRules = []flagRule{
	{"seed", "a whole number from 0 to 4294967295, as np.random.seed accepts", func(o *options) bool { return o.seed >= 0 && o.seed <= math.MaxUint32 }},
	{"observations", fmt.Sprintf("a whole number from 1 to %d", maxObservations), func(o *options) bool { return o.observations >= 1 && o.observations <= maxObservations }},
	{"hidden", fmt.Sprintf("hidden layer sizes as whole numbers from 1 to %d, comma-separated, such as 5 or 16,8; or none", maxHidden), func(o *options) bool {
		o.hidden = nil
		if strings.TrimSpace(o.hiddenText) == "none" {
			return true // no hidden layer: the softmax linear classifier
		}
		for _, part := range strings.Split(o.hiddenText, ",") {
			h, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil || h < 1 || h > maxHidden {
				return false
			}
			o.hidden = append(o.hidden, h)
		}
		return true
	}},
	{"lr", "a finite number > 0", func(o *options) bool { return o.train.LearningRate > 0 && !notFinite(o.train.LearningRate) }},
	{"reg", "a finite number ≥ 0", func(o *options) bool { return o.train.RegLambda >= 0 && !notFinite(o.train.RegLambda) }},
	{"steps", fmt.Sprintf("a whole number from 0 to %d", maxSteps), func(o *options) bool { return o.train.Steps >= 0 && o.train.Steps <= maxSteps }},
	{"every", "a whole number ≥ 1", func(o *options) bool { return o.train.Every >= 1 }},
	{"test-size", "a fraction strictly between 0 and 1, such as 0.1", func(o *options) bool { return o.testSize > 0 && o.testSize < 1 }},
	{"batch", "a whole number ≥ 0", func(o *options) bool { return o.train.Batch >= 0 }},
	{"init", "one of: " + strings.Join(keys(Initializers), ", "), func(o *options) bool { return Initializers[o.init] != nil }},
	{"dataset", "one of: post, " + strings.Join(keys(Generators), ", "), func(o *options) bool { _, ok := Generators[o.dataset]; return ok || o.dataset == "post" }},
	{"noise", "a number from 0 to 100", func(o *options) bool {
		o.noise = -1
		if o.noiseText == "" {
			return true
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(o.noiseText), 64)
		o.noise = v
		return err == nil && v >= 0 && v <= 100
	}},
	{"explain-rows", "a whole number ≥ 1", func(o *options) bool { return o.explainRows >= 1 }},
	{"label", "a whole number ≥ 0", func(o *options) bool { return o.label >= 0 }},
	{"preset", "one of: " + strings.Join(keys(presets), ", "), func(o *options) bool { return o.preset == "" || presets[o.preset] != nil }},
}

// parseFlags reads the command line into options. -h prints the flags and their defaults to out and
// returns flag.ErrHelp. Any other problem is returned as a one-line usage error naming the flag and
// what it accepts.
func parseFlags(args []string, out io.Writer) (options, error) {
	var o options
	fs := newFlagSet(&o)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(fs, out)
			return o, err
		}
		return o, usageError{explainFlagError(err)}
	}
	if fs.NArg() > 0 {
		return o, usageError{fmt.Errorf("unexpected argument %q: this program takes only flags (see -h)", fs.Arg(0))}
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	o.warnings = ignoredFlags(&o, given)
	if o.preset != "" && presets[o.preset] != nil {
		for _, name := range keys(presets[o.preset]) {
			if !given[name] {
				if err := fs.Set(name, presets[o.preset][name]); err != nil {
					panic(fmt.Sprintf("preset %s: %v", o.preset, err)) // a bad preset table is a bug
				}
			}
		}
	}
	return o, validate(&o, fs)
}

// validate checks every flag's value against flagRules, and the combinations of flags.
func validate(o *options, fs *flag.FlagSet) error {
	for _, r := range flagRules {
		if !r.ok(o) {
			return usageError{fmt.Errorf("invalid value %q for flag -%s: want %s", fs.Lookup(r.name).Value.String(), r.name, r.want)}
		}
	}
	switch {
	case o.predict != "" && o.load == "":
		return usageError{errors.New("-predict needs -load MODEL: the model to predict with")}
	case o.load != "" && o.predict == "":
		return usageError{errors.New("-load needs -predict FILE: the rows to predict")}
	case o.load != "" && (o.data != "" || o.save != "" || o.plot != "" || o.explain || o.gradcheck):
		return usageError{errors.New("-load -predict only predicts; it cannot be combined with -data, -save, -plot, -explain or -gradcheck")}
	case o.explain && o.gradcheck:
		return usageError{errors.New("-explain and -gradcheck are separate modes: choose one")}
	case o.data != "" && o.dataset != "post":
		return usageError{errors.New("-data and -dataset both choose the data: give one of them")}
	case (o.explain || o.gradcheck) && (o.save != "" || o.plot != ""):
		return usageError{errors.New("-explain and -gradcheck stop after step 0, before there is a model to -save or -plot")}
	case o.serve != "" && o.data == "-":
		return usageError{errors.New("-serve reads -data again on every reset: give a file, not standard input")}
	case o.serve != "" && (o.load != "" || o.save != "" || o.plot != "" || o.explain || o.gradcheck):
		return usageError{errors.New("-serve trains in the browser; it cannot be combined with -load, -save, -plot, -explain or -gradcheck")}
	}
	return nil
}

// trainingFlags are the flags that shape training, which -load -predict does not do.
var trainingFlags = []string{"seed", "observations", "hidden", "lr", "reg", "steps", "every", "test-size", "batch", "init", "preset", "standardize", "explain-rows", "dataset", "noise"}

// ignoredFlags returns a warning for each flag given that the chosen mode does not use, so that a user
// who meant it to matter is told.
func ignoredFlags(o *options, given map[string]bool) []string {
	var warnings []string
	ignored := func(names []string, why string) {
		var found []string
		for _, n := range names {
			if given[n] {
				found = append(found, "-"+n)
			}
		}
		if len(found) > 0 {
			warnings = append(warnings, fmt.Sprintf("ignoring %s: %s", strings.Join(found, ", "), why))
		}
	}
	switch {
	case o.load != "":
		ignored(trainingFlags, "-load -predict only predicts, with the model as it was trained")
	case o.data != "":
		ignored([]string{"observations", "noise"}, "they shape made-up data, and -data reads its examples from the file")
	case o.dataset == "post":
		ignored([]string{"noise"}, "the post's clusters have no noise setting; -dataset chooses data that do")
	}
	if o.load == "" && o.data == "" {
		ignored([]string{"label"}, "it picks the label column of a -data or -predict file")
	}
	if !o.explain {
		ignored([]string{"explain-rows"}, "it applies to -explain")
	}
	if o.plot == "" {
		ignored([]string{"plot-features"}, "it chooses what -plot draws")
	}
	if o.explain || o.gradcheck {
		ignored([]string{"steps", "every"}, "-explain and -gradcheck look at step 0 only")
	}
	return warnings
}

// explainFlagError rewrites the flag package's "invalid value "x" for flag -lr: parse error" to say what
// the flag accepts.
func explainFlagError(err error) error {
	msg := err.Error()
	for _, r := range flagRules {
		if prefix := "for flag -" + r.name + ": "; strings.Contains(msg, prefix) {
			return errors.New(msg[:strings.Index(msg, prefix)+len(prefix)] + "want " + r.want)
		}
	}
	return err
}

// plotFeatures finds -plot-features's two features among the data's: by number from 1, or by name.
// "" is the first two.
func plotFeatures(spec string, features []string) (i, j int, err error) {
	if spec == "" {
		return 0, min(1, len(features)-1), nil
	}
	parts := strings.Split(spec, ",")
	bad := func(why string) (int, int, error) {
		return 0, 0, usageError{fmt.Errorf("invalid value %q for flag -plot-features: %s; want two different features by number from 1 to %d or by name (%s)",
			spec, why, len(features), shortList(features, 6))}
	}
	if len(parts) != 2 {
		return bad("not two features")
	}
	var idx [2]int
	for n, part := range parts {
		part = strings.TrimSpace(part)
		idx[n] = -1
		for k, f := range features {
			if f == part {
				idx[n] = k
			}
		}
		if v, err := strconv.Atoi(part); idx[n] < 0 && err == nil {
			if v < 1 || v > len(features) {
				return bad(fmt.Sprintf("the data have no feature %d", v))
			}
			idx[n] = v - 1
		}
		if idx[n] < 0 {
			return bad(fmt.Sprintf("no feature is named %q", part))
		}
	}
	if idx[0] == idx[1] {
		return bad("the same feature twice")
	}
	return idx[0], idx[1], nil
}

// noiseHelp says, for -h, what -noise means to each generator, and its default there.
func noiseHelp() string {
	var parts []string
	for _, name := range keys(Generators) {
		g := Generators[name]
		parts = append(parts, fmt.Sprintf("for %s %s [%v]", name, g.About, g.Noise))
	}
	return strings.Join(parts, "; ")
}

// keys returns a map's keys in sorted order.
func keys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// printUsage writes -h's text: what the program is, two examples, every flag with its range and
// default, and the exit statuses.
func printUsage(fs *flag.FlagSet, out io.Writer) {
	name := programName(os.Args[0])
	fmt.Fprintf(out, "Usage: %s [flags]\n", name)
	fmt.Fprintln(out, "The post's neural network in plain Go. With no flags it prints the post's losses and test accuracy.")
	fmt.Fprintln(out, "\nExamples:")
	fmt.Fprintf(out, "  %s -preset tensorflow                 the post's second model: minibatches of 100, 10001 steps\n", name)
	fmt.Fprintf(out, "  %s -data testdata/iris.csv -standardize -init he -hidden 32 -lr 0.5 -steps 3000 -save iris.json\n", name)
	fmt.Fprintln(out, "\nFlags:")
	fs.SetOutput(out)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprintln(out, "\nExit status: 0 when all went well; 1 when something went wrong while running (a bad file, a")
	fmt.Fprintln(out, "diverging run); 2 when the command line is wrong. (go run itself reports any failure as 1.)")
}

// programName is the program's name as it was run, from its path (os.Args[0]): "go run ." when go run
// built it in a temporary folder, else the name of the binary ("nn" when built with go build -o nn).
func programName(path string) string {
	if strings.Contains(path, "go-build") {
		return "go run ."
	}
	return filepath.Base(path)
}

// ===================================================================================================
// 3. The modes: -explain, -gradcheck, -predict.
// ===================================================================================================

// -explain: every value of step 0, in the post's order.

// explainStep runs training step 0 of cfg on train — the same Trainer.Next and Step.Run that training
// runs, on the same batch — and prints every value the step left in its buffers, in the post's order:
// the formula in the post's numpy and in our Go, the shape, and the numbers. Small matrices (weights,
// biases, gradients) are printed whole; tall ones (one row per example) show their first `rows` rows.
// Numbers are in shortest round-trip form, so each can be compared digit for digit with the post's
// numpy code, and with what training prints and saves: they are the very numbers training computes.
func explainStep(out io.Writer, net *Network, train *Dataset, cfg Config, rows int) error {
	t := NewTrainer(net, train.X, train.Y, cfg)
	s := t.S
	n, last := s.OutputLayer.rows, len(net.W)-1
	e := explainer{out: out, rows: rows, hidden: last}
	fmt.Fprintf(out, "Step 0, explained: network %s, %d training rows in this step, learning_rate %v, reg_lambda %v.\n",
		sizesString(net.Sizes()), n, cfg.LearningRate, cfg.RegLambda)
	fmt.Fprintf(out, "Each block: the post's numpy, then our Go, the shape, and the values.\n")
	for l := range net.W { // as drawn, before the step moves them
		e.block(e.weights(l), fmt.Sprintf("net.W[%d], as drawn", l), net.W[l])
		e.block(e.biases(l), fmt.Sprintf("net.B[%d]", l), net.B[l])
	}

	if err := t.Next(true); err != nil {
		return err
	}

	e.rowsBlock("training_data", "Step.X: the step's rows", &s.X)
	e.rowsBlock("training_labels", "Step.Y: their one-hot labels", &s.Y)
	for l := 0; l < last; l++ {
		in, inOurs := e.input(l)
		e.rowsBlock(fmt.Sprintf("%s = np.dot(%s, %s)", e.hiddenName("input_layer", l), in, e.weights(l)),
			fmt.Sprintf("InputLayer[%d] = %s·W[%d]", l, inOurs, l), s.InputLayer[l])
		e.rowsBlock(fmt.Sprintf("%s = relu_activation(%s + %s)", e.hiddenName("hidden_layer", l), e.hiddenName("input_layer", l), e.biases(l)),
			fmt.Sprintf("Hidden[%d] = max(InputLayer[%d] + B[%d], 0)", l, l, l), s.Hidden[l])
	}
	in, inOurs := e.input(last)
	e.rowsBlock(fmt.Sprintf("output_layer = np.dot(%s, %s) + %s", in, e.weights(last), e.biases(last)),
		fmt.Sprintf("OutputLayer = %s·W[%d] + B[%d]", inOurs, last, last), s.OutputLayer)
	e.rowsBlock("output_probs = softmax(output_layer)", "OutputProbs: exp(z − rowmax) / Σ exp(z − rowmax), row by row", s.OutputProbs)
	e.scalar("loss = cross_entropy_softmax_loss_array(output_probs, training_labels)",
		"Step.DataLoss = CrossEntropyLoss(OutputLayer, Y): mean of −log(probability of the true class)", s.DataLoss)
	var arrays []string
	for l := range net.W {
		arrays = append(arrays, e.weights(l))
	}
	e.scalar(fmt.Sprintf("regularization_L2_softmax_loss(reg_lambda, %s)", strings.Join(arrays, ", ")),
		"Step.L2Loss = net.L2Loss(λ) = Σ ½·λ·ΣW²", s.L2Loss)
	e.scalar(fmt.Sprintf("loss += … (the number printed as '%s at step 0')", cfg.LossLabel), "Step.Loss = DataLoss + L2Loss", s.Loss)

	e.rowsBlock("output_error_signal = (output_probs - training_labels) / output_probs.shape[0]",
		"OutputErrorSignal = (OutputProbs − Y) / N = ∂L/∂output_layer", s.OutputErrorSignal)
	for l := last - 1; l >= 0; l-- {
		e.rowsBlock(fmt.Sprintf("%s = np.dot(%s, %s.T); %s[%s <= 0] = 0", e.signal(l, last), e.signal(l+1, last), e.weights(l+1),
			e.signal(l, last), e.hiddenName("hidden_layer", l)),
			fmt.Sprintf("ErrorSignalHidden[%d] = (δ above · W[%d]ᵀ) ⊙ 1(Hidden[%d] > 0), the mask applied in place", l, l+1, l), s.ErrorSignalHidden[l])
	}
	for l := last; l >= 0; l-- {
		in, inOurs := e.input(l)
		e.block(fmt.Sprintf("gradient_layer%d_weights = np.dot(%s.T, %s)", l+1, in, e.signal(l, last)),
			fmt.Sprintf("DataGradW[%d] = %sᵀ·δ, the data part", l, inOurs), s.DataGradW[l])
		e.block(fmt.Sprintf("gradient_layer%d_bias = np.sum(%s, axis = 0, keepdims = True)", l+1, e.signal(l, last)),
			fmt.Sprintf("GradB[%d] = Σ over rows of δ", l), s.GradB[l])
	}
	for l := last; l >= 0; l-- {
		e.block(fmt.Sprintf("gradient_layer%d_weights += reg_lambda * %s", l+1, e.weights(l)),
			fmt.Sprintf("GradW[%d] = DataGradW[%d] + λ·W[%d]", l, l, l), s.GradW[l])
	}
	for l := range net.W {
		e.block(fmt.Sprintf("%s -= learning_rate * gradient_layer%d_weights", e.weights(l), l+1),
			fmt.Sprintf("net.W[%d] after step 0: W − lr·GradW[%d]", l, l), net.W[l])
		e.block(fmt.Sprintf("%s -= learning_rate * gradient_layer%d_bias", e.biases(l), l+1),
			fmt.Sprintf("net.B[%d] after step 0: b − lr·GradB[%d]", l, l), net.B[l])
	}
	return nil
}

// explainer prints -explain's blocks.
type explainer struct {
	out    io.Writer
	rows   int // rows shown of a tall matrix
	hidden int // number of hidden layers
}

// block prints one value: the post's expression, ours, the shape, and every number.
func (e explainer) block(post, ours string, m *Matrix) { e.print(post, ours, m, m.rows) }

// rowsBlock prints a value with one row per example, as block does, but only its first e.rows rows.
func (e explainer) rowsBlock(post, ours string, m *Matrix) { e.print(post, ours, m, e.rows) }

// print prints a block with at most show rows.
func (e explainer) print(post, ours string, m *Matrix, show int) {
	r, c := m.Dims()
	shown := r
	note := ""
	if r > show {
		shown = show
		note = fmt.Sprintf(", first %d rows shown (%d more not shown)", shown, r-shown)
	}
	fmt.Fprintf(e.out, "\n%s\n    ours: %s\n    [%d x %d]%s\n", post, ours, r, c, note)
	for i := 0; i < shown; i++ {
		parts := make([]string, c)
		for j, v := range m.Row(i) {
			parts[j] = formatFloat(v)
		}
		fmt.Fprintf(e.out, "    [%s]\n", strings.Join(parts, " "))
	}
}

// scalar prints one number with its formulas.
func (e explainer) scalar(post, ours string, v float64) {
	fmt.Fprintf(e.out, "\n%s\n    ours: %s\n    %s\n", post, ours, formatFloat(v))
}

// weights and biases name layer l's parameters as the post does: layer1_weights_array, ….
func (e explainer) weights(l int) string { return fmt.Sprintf("layer%d_weights_array", l+1) }
func (e explainer) biases(l int) string  { return fmt.Sprintf("layer%d_biases_array", l+1) }

// hiddenName is the post's name for hidden layer l: hidden_layer when there is one, else
// hidden_layer1, hidden_layer2, ….
func (e explainer) hiddenName(prefix string, l int) string {
	if e.hidden == 1 {
		return prefix
	}
	return fmt.Sprintf("%s%d", prefix, l+1)
}

// input names what layer l reads, in the post's numpy and in our Go.
func (e explainer) input(l int) (post, ours string) {
	if l == 0 {
		return "training_data", "X"
	}
	return e.hiddenName("hidden_layer", l-1), fmt.Sprintf("Hidden[%d]", l-1)
}

// signal is the post's name for δ at layer l's output: output_error_signal for the last layer, an
// error_signal_hidden below it.
func (e explainer) signal(l, last int) string {
	if l == last {
		return "output_error_signal"
	}
	return e.hiddenName("error_signal_hidden", l)
}

// sizesString writes layer sizes as 2 → 5 → 3.
func sizesString(sizes []int) string {
	parts := make([]string, len(sizes))
	for i, s := range sizes {
		parts[i] = strconv.Itoa(s)
	}
	return strings.Join(parts, " → ")
}

// -gradcheck

// gradientCheckReport runs GradientCheck on step 0's data and prints the largest relative error of each
// parameter array. It returns an error (exit status 1) if any is above 1e-6.
func gradientCheckReport(out io.Writer, net *Network, train *Dataset, cfg Config) error {
	n := train.X.rows // step 0's batch: the first -batch rows, or all of them
	if cfg.Batch > 0 {
		n = cfg.Batch
	}
	x, y := train.X.RowsView(0, n), train.Y.RowsView(0, n)
	fmt.Fprintf(out, "Gradient check: backprop against central differences (L(θ+h) − L(θ−h))/2h, h = %v (smaller where a ReLU kink is that close),\n", gradCheckSteps[0])
	fmt.Fprintf(out, "on the %d rows of step 0, network %s, reg_lambda %v.\n", x.rows, sizesString(net.Sizes()), cfg.RegLambda)
	worst := 0.0 // max keeps a NaN, so a gradient that is not a number fails below
	for _, r := range GradientCheck(net, x, y, cfg.RegLambda) {
		fmt.Fprintf(out, "%-4s largest relative error %.3g  (%d entries checked, %d skipped at ReLU kinks)\n",
			r.Name, r.MaxRelErr, r.Checked, r.Skipped)
		if r.Checked == 0 {
			return fmt.Errorf("gradient check failed: no entry of %s could be checked (every one sits at a ReLU kink)", r.Name)
		}
		worst = max(worst, r.MaxRelErr)
	}
	if !(worst <= 1e-6) {
		return fmt.Errorf("gradient check failed: largest relative error %.3g is above 1e-6", worst)
	}
	fmt.Fprintf(out, "All below 1e-6: backprop's gradients agree with the numeric ones.\n")
	return nil
}

// -predict

// predictWith runs -load MODEL -predict FILE: one CSV row per input row on stdout, the predicted class and
// each class's probability, and the accuracy on stderr when the file has labels.
//
// Which columns are which: when the file has a header, by name — the model's features are looked up in
// it, in whatever order they stand (a file whose columns are b, a for a model of a, b is read as a, b),
// and the model's label column, by its name, gives the labels if it is there. Without a header, by
// position: the model's features in order, with the label where the training file had it when there is
// one column more. -label N names the label column explicitly.
func predictWith(opts options, stdout, stderr io.Writer) error {
	model, err := readModelFile(opts.load)
	if err != nil {
		return err
	}
	t, err := readTableFile(opts.predict, opts.stdin)
	if err != nil {
		return err
	}
	featureCols, labelCol, err := model.columnsOf(t, opts.label-1, opts.load)
	if err != nil {
		return err
	}
	if len(t.Rows) == 0 {
		return fmt.Errorf("%s has a header but no data rows", t.Name)
	}
	if extra := t.unusedColumns(featureCols, labelCol); len(extra) > 0 {
		fmt.Fprintf(stderr, "nn: warning: %s: ignoring %s: not features of the model in %s\n", t.Name, shortList(extra, 5), opts.load)
	}
	x, err := t.columns(featureCols)
	if err != nil {
		return err
	}
	var y *Matrix
	if labelCol >= 0 {
		if y, err = oneHot(t, labelCol, model.Classes); err != nil {
			return err
		}
	}
	if model.Standardize != nil {
		x = model.Standardize.Apply(x)
	}
	probs := model.Network().Predict(x)

	w := csv.NewWriter(stdout)
	header := []string{"predicted"}
	for _, c := range model.Classes {
		header = append(header, "P("+c+")")
	}
	w.Write(header)
	pred := ArgmaxRows(probs)
	for i, k := range pred {
		row := []string{model.Classes[k]}
		for _, p := range probs.Row(i) {
			row = append(row, formatFloat(p))
		}
		w.Write(row)
	}
	if w.Flush(); w.Error() != nil {
		return w.Error()
	}
	if y != nil {
		acc, correct := Accuracy(probs, y)
		fmt.Fprintf(stderr, "nn: accuracy on %s: %s%% (%d of %d)\n", t.Name, formatFloat(acc), correct, len(pred))
	}
	return nil
}

// shortList joins names with commas, the first max of them, then "… and N more".
func shortList(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s … and %d more", strings.Join(names[:max], ", "), len(names)-max)
}

// ===================================================================================================
// 4. Files written: saved models, and how every file is written.
// ===================================================================================================

// readModelFile reads and checks the model file at path.
func readModelFile(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("cannot read %s: it is %s, not a model file", path, describeMode(fi.Mode()))
	}
	return ReadModel(f, path)
}

// Output files. Every file the program writes — a model, a picture — goes through these two functions,
// so that nothing a user points it at is damaged:
//
//   - a symbolic link is followed: the link stays, and what it points at gets the new contents;
//   - an existing file keeps its permissions;
//   - a path that exists but is not a regular file (a folder, a device, a named pipe, a socket) is
//     refused, as is a read-only file;
//   - all of this is checked before any training (checkOutput), so a mistake costs no time;
//   - the bytes go to a temporary file beside the target, which is renamed over it in one step
//     (writeFileAtomic): a failed or interrupted run leaves the old file as it was, never half a file.

// outputFile is a path the program will write, as checked by checkOutput.
type outputFile struct {
	path   string      // as the user gave it, for messages
	target string      // where the bytes go: path with symbolic links followed
	mode   os.FileMode // the permissions it will have: an existing file's own, else 0644
}

// checkOutput checks that path can be written, following symbolic links, before any work is done.
func checkOutput(path string) (outputFile, error) {
	out := outputFile{path: path, target: path, mode: 0o644}
	// statErr is a failure to look at the target, reported unless the folder's check says more.
	var statErr error
	for hops := 0; ; hops++ { // follow links, even one that points at a file not there yet
		fi, err := os.Lstat(out.target)
		if err != nil {
			statErr = err
			break
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			if hops == 40 {
				return out, fmt.Errorf("cannot write %s: too many symbolic links", path)
			}
			link, err := os.Readlink(out.target)
			if err != nil {
				return out, fmt.Errorf("cannot write %s: %v", path, errors.Unwrap(err))
			}
			if !filepath.IsAbs(link) {
				link = filepath.Join(filepath.Dir(out.target), link)
			}
			out.target = link
			continue
		}
		if !fi.Mode().IsRegular() {
			return out, fmt.Errorf("cannot write %s: it is %s, not a regular file", path, describeMode(fi.Mode()))
		}
		if fi.Mode().Perm()&0o200 == 0 {
			return out, fmt.Errorf("cannot write %s: it is read-only", path)
		}
		out.mode = fi.Mode().Perm()
		break
	}
	dir := filepath.Dir(out.target)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return out, fmt.Errorf("cannot write %s: folder %s does not exist", path, dir)
	case err != nil:
		return out, fmt.Errorf("cannot write %s: %v", path, errors.Unwrap(err))
	case !fi.IsDir():
		return out, fmt.Errorf("cannot write %s: %s is not a folder", path, dir)
	case statErr != nil && !errors.Is(statErr, os.ErrNotExist):
		return out, fmt.Errorf("cannot write %s: %v", path, errors.Unwrap(statErr))
	}
	probe, err := os.CreateTemp(dir, ".nn-write-test-*")
	if err != nil {
		return out, fmt.Errorf("cannot write %s: cannot make files in %s: %v", path, dir, errors.Unwrap(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return out, nil
}

// describeMode names the kind of file a mode describes, for messages.
func describeMode(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// writeFileAtomic writes a file checked by checkOutput so that it is never seen half-written: write
// fills a temporary file in the target's folder, which is then renamed over the target in one step. If
// anything fails, the temporary file is removed and whatever was there before is left untouched.
func writeFileAtomic(out outputFile, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(out.target), "."+filepath.Base(out.target)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", out.path, errors.Unwrap(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("cannot write %s: %v", out.path, err)
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := tmp.Chmod(out.mode); err != nil { // CreateTemp makes files only the owner can read
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out.target)
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// ===================================================================================================
// 5. Pictures: the post's two figures, the decision regions and the loss curve, as SVG.
// ===================================================================================================
//
// Each picture is a few small functions: an axis maps data to pixels and chooses its ticks, frame draws
// the axes, marks draw the points, legend explains them. All pictures of a run share one plane — the same
// two features and the same ranges — so that they can be laid over one another.

// Figure geometry, in pixels: an 800×600 picture, the plot area inside the margins, the legend to the
// right of it.
const (
	figW, figH                         = 800, 600
	marginL, marginR, marginT, marginB = 80, 210, 60, 60
	plotLeft, plotRight                = marginL, figW - marginR
	plotTop, plotBottom                = marginT, figH - marginB
)

// palette holds the classes' colours: Okabe and Ito's eight, chosen so that readers with any common kind
// of colour blindness can tell them apart, then four of Paul Tol's. From the thirteenth class on, the
// colours come round again with another shape (circle, square, triangle, diamond), so that at least 48
// classes have marks of their own.
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
	"#882255", "#44AA99", "#999933", "#332288"}

// Marks for the predictions: correct and wrong differ in both shape (circle, cross) and colour.
const (
	colorCorrect = "#0072B2"
	colorWrong   = "#D55E00"
)

func classColor(k int) string { return palette[k%len(palette)] }

// tint mixes a colour 75% of the way to white, for the decision regions behind the points.
func tint(hex string) color.RGBA {
	var r, g, b int
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	mix := func(c int) uint8 { return uint8(c + (255-c)*3/4) }
	return color.RGBA{mix(r), mix(g), mix(b), 255}
}

// axis maps data values in [lo, hi] onto pixels [p0, p1] (p0 > p1 for a y axis, whose pixels grow
// downwards), linearly or, for a log axis, linearly in log₁₀; ticks are where the axis is labelled.
type axis struct {
	lo, hi, p0, p1 float64
	ticks          []float64
	step           float64 // the distance between ticks (linear axes)
	log            bool
}

// at returns the pixel for the data value v: p0 + (v − lo)/(hi − lo)·(p1 − p0), in log₁₀ v on a log axis.
func (a axis) at(v float64) float64 {
	if a.log {
		return a.p0 + (math.Log10(v)-math.Log10(a.lo))/(math.Log10(a.hi)-math.Log10(a.lo))*(a.p1-a.p0)
	}
	return a.p0 + (v-a.lo)/(a.hi-a.lo)*(a.p1-a.p0)
}

// linearAxis fits an axis to data in [lo, hi] that hugs it: the data are first widened by pad (a fraction
// of their span, so that no mark touches the frame), then the axis runs from the nearest tick below to
// the nearest tick above. Of the tick steps 1, 2, 2.5 and 5 times a power of ten that give at most 11
// ticks, the one whose axis wastes least space wins. An integer axis (steps) takes only whole steps.
func linearAxis(lo, hi, pad float64, integer bool, p0, p1 float64) axis {
	if !(hi > lo) { // a single value: widen it to a unit range
		lo, hi = lo-0.5, hi+0.5
		if integer {
			lo, hi = lo+0.5, hi+0.5
		}
	}
	span := hi - lo
	lo, hi = lo-pad*span, hi+pad*span
	mag := math.Pow(10, math.Floor(math.Log10((hi-lo)/10)))
	best := axis{p0: p0, p1: p1}
	for _, f := range []float64{1, 2, 2.5, 5, 10, 20, 25, 50} {
		step := f * mag
		if integer && (step < 1 || step != math.Trunc(step)) {
			continue
		}
		first, last := math.Floor(lo/step+1e-9), math.Ceil(hi/step-1e-9)
		if last-first > 10 {
			continue
		}
		if best.ticks == nil || (last-first)*step < best.hi-best.lo-1e-9*step {
			best.lo, best.hi, best.step, best.ticks = first*step, last*step, step, nil
			for t := first; t <= last; t++ {
				best.ticks = append(best.ticks, t*step)
			}
		}
	}
	return best
}

// logAxis fits a log₁₀ axis to positive data in [lo, hi], from the power of ten below to the one above;
// the ticks are the powers of ten, and 2 and 5 times them when the data span less than two decades.
func logAxis(lo, hi, p0, p1 float64) axis {
	a := axis{lo: math.Pow(10, math.Floor(math.Log10(lo))), hi: math.Pow(10, math.Ceil(math.Log10(hi))), p0: p0, p1: p1, log: true}
	fine := math.Log10(a.hi/a.lo) <= 2
	for d := a.lo; d <= a.hi*1.0001; d *= 10 {
		for _, f := range []float64{1, 2, 5} {
			if (f == 1 || fine) && f*d <= a.hi*1.0001 {
				a.ticks = append(a.ticks, f*d)
			}
		}
	}
	return a
}

// tickLabel formats a tick value with as many decimals as the axis's step needs (on a log axis, as
// short as it can be); a tick at zero is "0", never "-0".
func tickLabel(v float64, a axis) string {
	if a.log {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	decimals := 0
	for s := a.step; decimals < 12 && math.Abs(s-math.Round(s)) > 1e-9*a.step; s *= 10 {
		decimals++
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-") // no "-0"
	}
	return s
}

// svg builds one picture.
type svg struct{ strings.Builder }

// newSVG starts a picture with a title, a second line under it (note, may be ""), and one mark shape
// per class in its <defs>, so that a point is a short <use href="#mK" x= y=/>.
func newSVG(title, note string, classes int) *svg {
	s := &svg{}
	fmt.Fprintf(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n%s\n", svgMarker)
	fmt.Fprintf(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n", figW, figH, figW, figH)
	fmt.Fprintf(s, "<title>%s</title>\n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", esc(strings.TrimSpace(title+" "+note)), figW, figH)
	fmt.Fprintf(s, "<text x=\"%d\" y=\"26\" font-size=\"18\" text-anchor=\"middle\">%s</text>\n", figW/2, esc(title))
	if note != "" {
		fmt.Fprintf(s, "<text x=\"%d\" y=\"46\" font-size=\"13\" fill=\"#444\" text-anchor=\"middle\">%s</text>\n", figW/2, esc(note))
	}
	s.WriteString("<defs>\n")
	for k := 0; k < classes; k++ {
		fmt.Fprintf(s, "<g id=\"m%d\" fill=\"%s\" stroke=\"white\" stroke-width=\"0.6\">%s</g>\n", k, classColor(k), shapePath(k/len(palette), 3.2))
	}
	s.WriteString("</defs>\n")
	return s
}

// shapePath draws shape number n (circle, square, triangle, diamond, round again) of size r centred on
// the origin.
func shapePath(n int, r float64) string {
	switch n % 4 {
	case 1:
		return fmt.Sprintf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/>", px(-0.9*r), px(-0.9*r), px(1.8*r), px(1.8*r))
	case 2:
		return fmt.Sprintf("<path d=\"M0 %sL%s %sL%s %sZ\"/>", px(-1.2*r), px(1.1*r), px(0.8*r), px(-1.1*r), px(0.8*r))
	case 3:
		return fmt.Sprintf("<path d=\"M0 %sL%s 0L0 %sL%s 0Z\"/>", px(-1.25*r), px(1.25*r), px(1.25*r), px(-1.25*r))
	}
	return fmt.Sprintf("<circle r=\"%s\"/>", px(r))
}

func (s *svg) end() string { s.WriteString("</svg>\n"); return s.String() }

// mark draws class k's mark centred at (x, y).
func (s *svg) mark(k int, x, y float64) {
	fmt.Fprintf(s, "<use href=\"#m%d\" x=\"%s\" y=\"%s\"/>\n", k, px(x), px(y))
}

// esc escapes text for XML.
func esc(t string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(t))
	return b.String()
}

// px formats a pixel coordinate.
func px(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// frame draws the plot area's border, the ticks with their numbers, and the axis names.
func (s *svg) frame(xa, ya axis, xName, yName string) {
	fmt.Fprintf(s, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n",
		plotLeft, plotTop, plotRight-plotLeft, plotBottom-plotTop)
	s.WriteString("<g class=\"ticks\" font-size=\"12\" fill=\"#222\" stroke=\"#444\">\n")
	for _, v := range xa.ticks {
		x := px(xa.at(v))
		fmt.Fprintf(s, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\"/>", x, plotBottom, x, plotBottom+6)
		fmt.Fprintf(s, "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\" stroke=\"none\">%s</text>\n", x, plotBottom+20, tickLabel(v, xa))
	}
	for _, v := range ya.ticks {
		y := ya.at(v)
		fmt.Fprintf(s, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\"/>", plotLeft-6, px(y), plotLeft, px(y))
		fmt.Fprintf(s, "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" stroke=\"none\">%s</text>\n", plotLeft-9, px(y+4), tickLabel(v, ya))
	}
	s.WriteString("</g>\n")
	fmt.Fprintf(s, "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"middle\">%s</text>\n", (plotLeft+plotRight)/2, figH-15, esc(xName))
	fmt.Fprintf(s, "<text transform=\"translate(22 %d) rotate(-90)\" font-size=\"14\" text-anchor=\"middle\">%s</text>\n", (plotTop+plotBottom)/2, esc(yName))
}

// legendEntry is one line of a legend: a sample mark and its text.
type legendEntry struct {
	mark  func(s *svg, x, y float64) // draws the sample mark centred at (x, y)
	label string
}

// Legend geometry: entries stand in a column right of the plot; a text longer than legendChars
// characters (at 13 px, the column's width) is wrapped onto a second line, and shortened with "…" if it
// is longer still; past legendLines lines the last says how many entries are left out.
const (
	legendChars = 22
	legendLines = 25
)

// legend draws entries to the right of the plot area.
func (s *svg) legend(entries []legendEntry) {
	type row struct {
		e     legendEntry
		lines []string
	}
	var rows []row
	used := 0
	for i, e := range entries {
		lines := wrap(e.label, legendChars, 2)
		if used+len(lines) > legendLines-1 && i < len(entries)-1 {
			rows = append(rows, row{legendEntry{func(*svg, float64, float64) {}, ""}, []string{fmt.Sprintf("… and %d more", len(entries)-i)}})
			break
		}
		rows = append(rows, row{e, lines})
		used += len(lines)
	}
	height := 0
	for _, r := range rows {
		height += 6 + 14*len(r.lines)
	}
	x, y := float64(plotRight+22), float64(plotTop+10)
	fmt.Fprintf(s, "<rect x=\"%s\" y=\"%s\" width=\"%d\" height=\"%d\" fill=\"white\" stroke=\"#999\"/>\n", px(x-12), px(y-8), figW-plotRight-20, height+10)
	s.WriteString("<g class=\"legend\" font-size=\"13\">\n")
	for _, r := range rows {
		r.e.mark(s, x, y+7)
		for n, line := range r.lines {
			fmt.Fprintf(s, "<text x=\"%s\" y=\"%s\">%s</text>\n", px(x+12), px(y+11.5+14*float64(n)), esc(line))
		}
		y += 6 + 14*float64(len(r.lines))
	}
	s.WriteString("</g>\n")
}

// wrap breaks a text into at most maxLines lines of at most width characters, at spaces where it can;
// what does not fit ends with "…".
func wrap(t string, width, maxLines int) []string {
	var lines []string
	rest := []rune(t)
	for len(rest) > 0 {
		if len(lines) == maxLines-1 || len(rest) <= width {
			if len(rest) > width {
				rest = append(rest[:width-1:width-1], '…')
			}
			return append(lines, string(rest))
		}
		cut := width
		for i := width; i > width/2; i-- {
			if rest[i] == ' ' {
				cut = i
				break
			}
		}
		lines = append(lines, strings.TrimSpace(string(rest[:cut])))
		rest = []rune(strings.TrimSpace(string(rest[cut:])))
	}
	return lines
}

// className is how a legend names class k: "class 2" when its name is its number, else "2 = setosa", as
// the Classes: line names it.
func className(k int, name string) string {
	if name == strconv.Itoa(k) {
		return "class " + name
	}
	return fmt.Sprintf("%d = %s", k, name)
}

func classMark(k int) func(s *svg, x, y float64) {
	return func(s *svg, x, y float64) { s.mark(k, x, y) }
}

func crossPath(x, y, r float64) string {
	return fmt.Sprintf("<path d=\"M%s %sL%s %sM%s %sL%s %s\"/>", px(x-r), px(y-r), px(x+r), px(y+r), px(x-r), px(y+r), px(x+r), px(y-r))
}

func crossMark(color string) func(s *svg, x, y float64) {
	return func(s *svg, x, y float64) {
		fmt.Fprintf(s, "<g stroke=\"%s\" stroke-width=\"2\">%s</g>\n", color, crossPath(x, y, 4))
	}
}

func ringMark(s *svg, x, y float64) {
	fmt.Fprintf(s, "<circle cx=\"%s\" cy=\"%s\" r=\"5.5\" fill=\"none\" stroke=\"black\" stroke-width=\"1.6\"/>\n", px(x), px(y))
}

// plane is the pair of features every scatter picture of a run shows, and the axes they are drawn on.
type plane struct {
	i, j   int    // the features shown: columns of X
	xa, ya axis   // fitted to every example, so every picture has the same ranges
	note   string // for the titles: which features, when there are more than two
}

// newPlane fits the axes of features i and j to all the examples.
func newPlane(all *Dataset, i, j int) plane {
	xlo, xhi := columnRange(i, all.X)
	ylo, yhi := columnRange(j, all.X)
	p := plane{i: i, j: j,
		xa: linearAxis(xlo, xhi, 0.02, false, plotLeft, plotRight),
		ya: linearAxis(ylo, yhi, 0.02, false, plotBottom, plotTop)}
	if d := all.X.cols; d > 2 {
		p.note = fmt.Sprintf("features %d and %d of %d: %s and %s", i+1, j+1, d, all.Features[i], all.Features[j])
	}
	return p
}

// point returns the pixel position of row r of x.
func (p plane) point(x *Matrix, r int) (float64, float64) {
	return p.xa.at(x.At(r, p.i)), p.ya.at(x.At(r, p.j))
}

// columnRange returns the smallest and largest value of column j of m.
func columnRange(j int, m *Matrix) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for i := 0; i < m.rows; i++ {
		lo, hi = min(lo, m.At(i, j)), max(hi, m.At(i, j))
	}
	return lo, hi
}

// maxMarks is the most points a picture draws; above it, a fixed sample of that many is drawn (and the
// title says so), which keeps every picture under about 2 MB.
const maxMarks = 20000

// drawOrder returns the rows a picture draws, in the order it draws them: all n of them (or a sample of
// maxMarks) in a fixed shuffled order — the same on every run — so that no class is always drawn over
// the others. note says when it is a sample.
func drawOrder(n int) (rows []int, note string) {
	rows = NewRandomState(1).Permutation(n)
	if n > maxMarks {
		return rows[:maxMarks], fmt.Sprintf("showing %s of %s points", thousands(maxMarks), thousands(n))
	}
	return rows, ""
}

// thousands writes n with commas between groups of three digits: 200,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// joinNotes joins the non-empty notes with "; ".
func joinNotes(notes ...string) string {
	var kept []string
	for _, n := range notes {
		if n != "" {
			kept = append(kept, n)
		}
	}
	return strings.Join(kept, "; ")
}

// dataPlot is the post's first figure: every point, coloured (and shaped) by its class.
func dataPlot(ds *Dataset, p plane) string {
	rows, sample := drawOrder(ds.X.rows)
	s := newSVG("The data, by class", joinNotes(p.note, sample), len(ds.Classes))
	s.frame(p.xa, p.ya, ds.Features[p.i], ds.Features[p.j])
	labels := ds.Labels()
	s.WriteString("<g class=\"points\" fill-opacity=\"0.8\">\n")
	for _, r := range rows {
		x, y := p.point(ds.X, r)
		s.mark(labels[r], x, y)
	}
	s.WriteString("</g>\n")
	counts := make([]int, len(ds.Classes))
	for _, k := range labels {
		counts[k]++
	}
	var entries []legendEntry
	for k, name := range ds.Classes {
		entries = append(entries, legendEntry{classMark(k), fmt.Sprintf("%s (%d)", className(k, name), counts[k])})
	}
	s.legend(entries)
	return s.end()
}

// predictionsPlot is the post's second figure: the test points, correct ones as circles, wrong ones as
// crosses, with the counts in the legend.
func predictionsPlot(test *Dataset, probs *Matrix, p plane) string {
	rows, sample := drawOrder(test.X.rows)
	s := newSVG("Test points: correct and wrong predictions", joinNotes(p.note, sample), 0)
	s.frame(p.xa, p.ya, test.Features[p.i], test.Features[p.j])
	pred, want := ArgmaxRows(probs), test.Labels()
	correct := 0
	for i := range pred {
		if pred[i] == want[i] {
			correct++
		}
	}
	fmt.Fprintf(s, "<g class=\"points\" fill=\"%s\" fill-opacity=\"0.7\">\n", colorCorrect)
	for _, r := range rows {
		if pred[r] == want[r] {
			x, y := p.point(test.X, r)
			fmt.Fprintf(s, "<circle cx=\"%s\" cy=\"%s\" r=\"2.8\"/>\n", px(x), px(y))
		}
	}
	fmt.Fprintf(s, "</g>\n<g class=\"points\" stroke=\"%s\" stroke-width=\"2\">\n", colorWrong)
	for _, r := range rows {
		if pred[r] != want[r] {
			x, y := p.point(test.X, r)
			s.WriteString(crossPath(x, y, 4) + "\n")
		}
	}
	s.WriteString("</g>\n")
	s.legend([]legendEntry{
		{func(s *svg, x, y float64) {
			fmt.Fprintf(s, "<circle cx=\"%s\" cy=\"%s\" r=\"5\" fill=\"%s\"/>\n", px(x), px(y), colorCorrect)
		}, fmt.Sprintf("correct %d", correct)},
		{crossMark(colorWrong), fmt.Sprintf("wrong %d", len(pred)-correct)},
	})
	return s.end()
}

// regionsPlot shows what the network learned: every pixel of the plane coloured by the class the network
// predicts there, the test points on top in their true class's marks, and a ring round each wrong
// prediction (so that its true colour stays visible). predict maps raw feature rows to probabilities;
// features other than the plane's two are held at means, the training rows' averages.
func regionsPlot(test *Dataset, probs *Matrix, predict func(x *Matrix) *Matrix, p plane, means []float64) string {
	note := p.note
	if d := test.X.cols; d > 2 {
		note += fmt.Sprintf("; the other %d features at their training means", d-2)
	}
	rows, sample := drawOrder(test.X.rows)
	s := newSVG("What the network learned: decision regions and test points", joinNotes(note, sample), len(test.Classes))
	fmt.Fprintf(s, "<image class=\"regions\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,%s\"/>\n",
		plotLeft, plotTop, plotRight-plotLeft, plotBottom-plotTop, regionsPNG(predict, p, means, len(test.Classes)))
	s.frame(p.xa, p.ya, test.Features[p.i], test.Features[p.j])
	pred, want := ArgmaxRows(probs), test.Labels()
	s.WriteString("<g class=\"points\">\n")
	for _, r := range rows {
		x, y := p.point(test.X, r)
		s.mark(want[r], x, y)
	}
	s.WriteString("</g>\n<g class=\"wrong\">\n")
	wrong := 0
	for _, r := range rows {
		if pred[r] != want[r] {
			x, y := p.point(test.X, r)
			ringMark(s, x, y)
			wrong++
		}
	}
	s.WriteString("</g>\n")
	var entries []legendEntry
	for k, name := range test.Classes {
		entries = append(entries, legendEntry{classMark(k), className(k, name)})
	}
	entries = append(entries, legendEntry{ringMark, fmt.Sprintf("wrong prediction (%d)", wrong)})
	s.legend(entries)
	return s.end()
}

// regionsPNG colours one pixel per cell of the plot area by the class predicted at the cell's centre,
// as a PNG in base64: at the picture's own resolution the region edges show no steps, and a picture of
// flat colours compresses to a few kilobytes. The cells are predicted a strip of rows at a time.
func regionsPNG(predict func(x *Matrix) *Matrix, p plane, means []float64, classes int) string {
	w, h := plotRight-plotLeft, plotBottom-plotTop
	pal := color.Palette{}
	for k := 0; k < classes; k++ {
		pal = append(pal, tint(classColor(k)))
	}
	img := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	const strip = 16 // image rows per prediction
	grid := NewMatrix(strip*w, len(means))
	for top := 0; top < h; top += strip {
		rows := min(strip, h-top)
		cells := grid.RowsView(0, rows*w)
		for r := 0; r < rows; r++ {
			for c := 0; c < w; c++ {
				cell := cells.Row(r*w + c)
				copy(cell, means)
				cell[p.i] = p.xa.lo + (float64(c)+0.5)/float64(w)*(p.xa.hi-p.xa.lo)
				cell[p.j] = p.ya.hi - (float64(top+r)+0.5)/float64(h)*(p.ya.hi-p.ya.lo)
			}
		}
		for n, k := range ArgmaxRows(predict(cells)) {
			img.SetColorIndex(n%w, top+n/w, uint8(k%len(pal)))
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img) // writing to memory cannot fail
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// lossPlot draws the loss at every step, on a log scale when it spans more than a decade. For a
// minibatch run, whose losses jump from batch to batch, the raw losses are drawn faint and a moving
// average over them solid. The printed steps are marked.
func lossPlot(losses []float64, cfg Config, minibatch bool) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, l := range losses {
		lo, hi = min(lo, l), max(hi, l)
	}
	xa := linearAxis(0, float64(len(losses)-1), 0, true, plotLeft, plotRight)
	ya, yName := linearAxis(lo, hi, 0.03, false, plotBottom, plotTop), strings.ToLower(cfg.LossLabel[:1])+cfg.LossLabel[1:]
	if lo > 0 && hi/lo > 10 {
		ya, yName = logAxis(lo, hi, plotBottom, plotTop), yName+" (log scale)"
	}
	s := newSVG("Training loss", "", 0)
	s.frame(xa, ya, "step", yName)
	line := func(class, color, width, opacity string, values []float64, from int) {
		fmt.Fprintf(s, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-opacity=\"%s\" points=\"%s\"/>\n",
			class, color, width, opacity, polyline(values, from, xa, ya))
	}
	var entries []legendEntry
	if minibatch {
		window := max(1, min(1000, (len(losses)+50)/100))
		line("loss", palette[0], "1", "0.3", losses, 0)
		line("average", palette[0], "2", "1", movingAverage(losses, window), window-1)
		entries = append(entries, lineEntry(palette[0], "0.3", "the loss of each batch"),
			lineEntry(palette[0], "1", fmt.Sprintf("average of the last %d", window)))
	} else {
		line("loss", palette[0], "1.5", "1", losses, 0)
		entries = append(entries, lineEntry(palette[0], "1", "every step"))
	}
	if printed := (len(losses) + cfg.Every - 1) / cfg.Every; printed <= 200 {
		fmt.Fprintf(s, "<g class=\"printed\" fill=\"%s\">\n", palette[5])
		for i := 0; i < len(losses); i += cfg.Every {
			fmt.Fprintf(s, "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\"/>\n", px(xa.at(float64(i))), px(ya.at(losses[i])))
		}
		s.WriteString("</g>\n")
		entries = append(entries, legendEntry{func(s *svg, x, y float64) {
			fmt.Fprintf(s, "<circle cx=\"%s\" cy=\"%s\" r=\"4\" fill=\"%s\"/>\n", px(x), px(y), palette[5])
		}, fmt.Sprintf("printed (every %d)", cfg.Every)})
	}
	s.legend(entries)
	return s.end()
}

func lineEntry(color, opacity, label string) legendEntry {
	return legendEntry{func(s *svg, x, y float64) {
		fmt.Fprintf(s, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-opacity=\"%s\" stroke-width=\"2\"/>\n",
			px(x-7), px(y), px(x+7), px(y), color, opacity)
	}, label}
}

// movingAverage returns, for each i ≥ window−1, the mean of values[i−window+1 … i].
func movingAverage(values []float64, window int) []float64 {
	var out []float64
	sum := 0.0
	for i, v := range values {
		sum += v
		if i >= window {
			sum -= values[i-window]
		}
		if i >= window-1 {
			out = append(out, sum/float64(window))
		}
	}
	return out
}

// polyline writes the points (from+i, values[i]) for a <polyline>. When there are more values than two
// per pixel column, each column gets its smallest and largest value instead, which draws the same line
// (and the same band of noise) with a bounded number of points.
func polyline(values []float64, from int, xa, ya axis) string {
	var b strings.Builder
	add := func(step, v float64) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(px(xa.at(step)) + "," + px(ya.at(v)))
	}
	columns := plotRight - plotLeft
	if len(values) <= 2*columns {
		for i, v := range values {
			add(float64(from+i), v)
		}
		return b.String()
	}
	per := float64(len(values)) / float64(columns)
	for c := 0; c < columns; c++ {
		lo, hi := int(float64(c)*per), min(int(float64(c+1)*per), len(values))
		minI, maxI := lo, lo
		for i := lo; i < hi; i++ {
			if values[i] < values[minI] {
				minI = i
			}
			if values[i] > values[maxI] {
				maxI = i
			}
		}
		first, second := min(minI, maxI), max(minI, maxI)
		add(float64(from+first), values[first])
		add(float64(from+second), values[second])
	}
	return b.String()
}

// plotInputs is what writePlots draws from.
type plotInputs struct {
	all, test *Dataset              // every example and the test examples, with their raw features
	testProbs *Matrix               // the trained network's probabilities for the test rows
	predict   func(*Matrix) *Matrix // raw feature rows → probabilities (standardizing first if asked)
	means     []float64             // each raw feature's mean over the training rows
	losses    []float64             // the loss at every step
	cfg       Config
	minibatch bool // each step saw a minibatch, not all training rows
	featureI  int  // the plane's two features (-plot-features), columns of X
	featureJ  int
}

// writePlots writes the four pictures to the paths preparePlotDir checked, each atomically, and says on
// out what it wrote or skipped and why. A picture this run cannot draw is removed if an earlier run of
// this program left one there (it would no longer match the other pictures); a file of the same name that
// this program did not draw is left alone, and the line says so.
func writePlots(to map[string]outputFile, in plotInputs, out io.Writer) error {
	type picture struct {
		name string
		draw func() string
		skip string // why it cannot be drawn, or ""
	}
	twoD := ""
	if d := in.all.X.cols; d < 2 {
		twoD = fmt.Sprintf("the data have %d feature; a scatter plot needs 2", d)
	}
	var p plane
	if twoD == "" {
		p = newPlane(in.all, in.featureI, in.featureJ)
	}
	pictures := []picture{
		{"data.svg", func() string { return dataPlot(in.all, p) }, twoD},
		{"predictions.svg", func() string { return predictionsPlot(in.test, in.testProbs, p) }, twoD},
		{"regions.svg", func() string { return regionsPlot(in.test, in.testProbs, in.predict, p, in.means) }, twoD},
		{"loss.svg", func() string { return lossPlot(in.losses, in.cfg, in.minibatch) }, ""},
	}
	if len(in.losses) == 0 {
		pictures[3].skip = "there were no training steps"
	}
	for _, pic := range pictures {
		file := to[pic.name]
		if pic.skip != "" {
			if !drawnByUs(file.target) {
				fmt.Fprintf(out, "Plot skipped: %s: %s\n", file.path, pic.skip)
				continue
			}
			if err := os.Remove(file.target); err != nil {
				return fmt.Errorf("cannot remove %s, left by an earlier run: %v", file.path, errors.Unwrap(err))
			}
			fmt.Fprintf(out, "Plot skipped: %s: %s (the one an earlier run left there is removed)\n", file.path, pic.skip)
			continue
		}
		text := pic.draw()
		if err := writeFileAtomic(file, func(w io.Writer) error { _, err := io.WriteString(w, text); return err }); err != nil {
			return err
		}
		fmt.Fprintf(out, "Plot written: %s\n", file.path)
	}
	return nil
}

// svgMarker is written into every picture this program draws, so that a later run can tell its own
// pictures from other files.
const svgMarker = "<!-- drawn by nnfromscratch -plot -->"

// drawnByUs reports whether path is a regular file that this program drew (it starts with svgMarker's
// line).
func drawnByUs(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	head := make([]byte, 256)
	n, _ := io.ReadFull(f, head)
	return strings.Contains(string(head[:n]), svgMarker)
}

// plotNames are the pictures -plot writes, in order.
var plotNames = []string{"data.svg", "predictions.svg", "regions.svg", "loss.svg"}

// preparePlotDir makes dir (and its parents) if it is missing, and checks every picture's path as
// checkOutput checks any output, before any training is done.
func preparePlotDir(dir string) (map[string]outputFile, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("-plot %s: cannot make the folder: %s is %s", dir, dir, describeMode(fi.Mode()))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("-plot %s: cannot make the folder: %v", dir, errors.Unwrap(err))
	}
	to := map[string]outputFile{}
	for _, name := range plotNames {
		file, err := checkOutput(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("-plot %s: %v", dir, err)
		}
		to[name] = file
	}
	return to, nil
}

// ===================================================================================================
// 6. The live view: -serve, training in the browser.
// ===================================================================================================
//
// go run . -serve localhost:8080 serves a page (the folder web/, embedded in the program) that shows
// training as it happens. The page draws; Go computes: every number it shows comes from the Trainer and
// Step.Run that the command line uses, so after N steps its loss is, to the last digit, the "Loss at step
// N" that `go run .` prints with the same flags. The server is small: handlers that call the same
// functions the command line calls, one goroutine that plays, and a stream of frames (Server-Sent
// Events) to every open page.

//go:embed web
var webFiles embed.FS

// Limits of the live view.
const (
	maxStreams      = 32       // open event streams; the next one is refused with 503
	maxBody         = 64 << 10 // bytes in a request body; more is refused with 413
	maxStepRequest  = 100000   // steps one POST /api/step may ask for
	regionGrid      = 100      // the regions are predicted on regionGrid × regionGrid cells
	framePeriod     = 33 * time.Millisecond
	maxDrawnWeights = 1200 // above this many weights the network is listed by layer, not drawn
	maxFrameLosses  = 1000 // losses a frame carries; after a long POST /api/step, every stride-th
	maxUnitMaps     = 16   // first-layer units whose maps a frame carries
	maxPagePoints   = 3000 // training (and test) points a page draws: a fixed sample beyond
)

// pageSettings are the flags the page may change, each validated as the flag itself is.
var pageSettings = []string{"lr", "reg", "hidden", "batch", "init", "seed", "dataset", "noise", "observations", "test-size", "standardize", "every"}

// live is the state of the live view: the run, the frames, and the pages watching.
type live struct {
	mu      sync.Mutex
	addr    string   // the address served, for the command line shown
	base    []string // the command line's flags (-serve left out): page settings are added after them
	changes []string // the page's settings, as flags
	opts    options
	ex      *experiment
	tr      *Trainer
	view    plane // the plane drawn: two features, axes fitted to every example
	losses  []float64
	scores  [][3]float64 // step, train and test accuracy of every frame since step 0
	running bool
	speed   int    // steps per frame while playing
	failure string // why training stopped, when it diverged
	hint    string // what to say if it diverges, judged from where it started
	sent    int    // the step of the last frame
	frame   []byte // the latest frame
	streams map[chan []byte]bool
	play    chan struct{} // wakes the playing goroutine
	pass    *Pass         // buffers for the regions grid
	all     *Pass         // buffers for the accuracy passes
}

// serve runs the live view at addr until SIGINT or SIGTERM, then returns nil.
func serve(opts options, stdout, stderr io.Writer) error {
	host, port, err := net.SplitHostPort(opts.serve)
	if err != nil {
		return usageError{fmt.Errorf("invalid value %q for flag -serve: want host:port, such as localhost:8080", opts.serve)}
	}
	if host == "" {
		host = "localhost" // loopback unless another host is named
	}
	l, err := newLive(opts.args, net.JoinHostPort(host, port))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", l.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v", l.addr, errors.Unwrap(err))
	}
	if !isLoopback(host) {
		fmt.Fprintf(stderr, "nn: warning: listening on %s: anyone who can reach this machine there can drive training\n", l.addr)
	}
	l.addr = net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)) // the port chosen, for :0
	fmt.Fprintf(stdout, "Live view at http://%s/ — open it in a browser; Ctrl-C stops it.\n", l.addr)
	srv := &http.Server{Handler: l.handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 10 * time.Minute, IdleTimeout: 2 * time.Minute, BaseContext: func(net.Listener) context.Context { return ctx }}
	go l.player(ctx)
	go func() { <-ctx.Done(); srv.Shutdown(context.Background()) }()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newLive prepares the live view of the run the command line's flags (args) describe, at step 0.
func newLive(args []string, addr string) (*live, error) {
	l := &live{addr: addr, base: withoutServe(args), speed: 50, streams: map[chan []byte]bool{}, play: make(chan struct{}, 1)}
	if err := l.reset(nil); err != nil {
		return nil, err
	}
	return l, nil
}

// withoutServe returns the command line's flags without -serve and its value.
func withoutServe(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := strings.TrimLeft(a, "-")
		if name == "serve" {
			i++ // its value follows
			continue
		}
		if strings.HasPrefix(name, "serve=") {
			continue
		}
		out = append(out, a)
	}
	return out
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// reset starts over from step 0 with the command line's flags and the page's settings (changes, when
// not nil, replaces them): the same data, split and starting weights the command line would make.
func (l *live) reset(changes []string) error {
	if changes == nil {
		changes = l.changes
	}
	opts, err := parseFlags(append(append([]string{}, l.base...), changes...), io.Discard)
	if err != nil {
		return err
	}
	ex, err := newExperiment(opts, func(string) {})
	if err != nil {
		return err
	}
	i, j, err := plotFeatures(opts.plotFeatures, ex.all.Features)
	if err != nil {
		return err
	}
	l.opts, l.changes, l.ex, l.all = opts, changes, ex, nil
	l.tr = NewTrainer(ex.net, ex.train.X, ex.train.Y, ex.cfg)
	l.losses, l.scores, l.running, l.failure, l.sent = nil, nil, false, "", 0
	l.hint = ex.divergenceHint()
	l.setView(i, j)
	return nil
}

// setView draws the plane of features i and j from now on, and remakes what the pages are sent.
func (l *live) setView(i, j int) {
	if l.ex.all.X.cols >= 2 {
		l.view = newPlane(l.ex.all, i, j)
	} else {
		l.view = plane{i: 0, j: 0}
	}
	l.pass = NewPass(l.ex.net.Sizes(), regionGrid*regionGrid)
	l.frame = l.makeFrame()
	l.publish("setup", l.makeSetup())
	l.publish("frame", l.frame)
}

// player is the goroutine that trains while the page says play: speed steps, then a frame, at most
// one frame every framePeriod. It lets waiting requests in every 8 steps, so none waits long.
func (l *live) player(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.play:
		}
		for {
			start := time.Now()
			l.mu.Lock()
			for n := 0; n < l.speed && l.running; n++ {
				l.stepLocked()
				if n%8 == 7 { // let waiting requests in
					l.mu.Unlock()
					l.mu.Lock()
				}
			}
			running := l.running
			if l.tr.Done != l.sent || !running {
				l.frame = l.makeFrame()
				l.publish("frame", l.frame)
			}
			l.mu.Unlock()
			if !running || ctx.Err() != nil {
				break
			}
			time.Sleep(framePeriod - time.Since(start))
		}
	}
}

// stepLocked takes one training step, recording its loss; l.mu must be held. Divergence stops playing.
func (l *live) stepLocked() {
	if err := l.tr.Next(true); err != nil {
		l.running = false
		l.failure = fmt.Sprintf("%v; %s", err, l.hint)
		return
	}
	l.losses = append(l.losses, l.tr.S.Loss)
}

// publish sends an event to every open stream. A stream whose page has not taken the last event yet
// loses that one: a slow page drops frames and never slows training.
func (l *live) publish(event string, data []byte) {
	msg := []byte("event: " + event + "\ndata: ")
	msg = append(append(msg, data...), "\n\n"...)
	for ch := range l.streams {
		select {
		case ch <- msg:
		default:
			select { // drop the event waiting, keep this one
			case <-ch:
			default:
			}
			select {
			case ch <- msg:
			default:
			}
		}
	}
}

// ---------------------------------------------------------------------------------------------------
// What the page is sent.

// nextLoss is the loss of the current weights on the next step's batch — the number the next step will
// print as its loss, computed by the same functions (Forward, CrossEntropyLoss, L2Loss).
func (l *live) nextLoss() float64 {
	t := l.tr
	lo := BatchOffset(t.Done, t.batch, t.X.rows)
	p := &t.S.Pass // the step's own buffers, overwritten by the next step anyway
	RowsViewInto(&p.X, t.X, lo, lo+t.batch)
	return t.Net.Loss(p, t.Y.RowsView(lo, lo+t.batch), t.Cfg.RegLambda)
}

// state is GET /api/state's answer, and what POST requests return.
type state struct {
	Step          int               `json:"step"`          // steps taken
	Loss          string            `json:"loss"`          // as the command line prints "Loss at step <step>"
	TrainAccuracy string            `json:"trainAccuracy"` // percent, on every training row
	TestAccuracy  string            `json:"testAccuracy"`
	Running       bool              `json:"running"`
	Speed         int               `json:"speed"`
	Failure       string            `json:"failure,omitempty"`
	Config        map[string]string `json:"config"`
	Command       string            `json:"command"`
}

func (l *live) stateLocked() state {
	s, _ := l.stateAndDead()
	return s
}

// stateAndDead is the state, and the dead units of each hidden layer, from one pass over the data.
func (l *live) stateAndDead() (state, []int) {
	trainAcc, testAcc, dead := l.accuracies()
	return state{Step: l.tr.Done, Loss: formatFloat(l.nextLoss()), TrainAccuracy: formatFloat(trainAcc), TestAccuracy: formatFloat(testAcc),
		Running: l.running, Speed: l.speed, Failure: l.failure, Config: l.config(), Command: l.command()}, dead
}

// accuracies returns the accuracy on the training and the test rows, and for each hidden layer how many
// of its units are off (≤ 0) on every training row — dead: no gradient reaches their weights.
func (l *live) accuracies() (train, test float64, dead []int) {
	net := l.tr.Net
	if l.all == nil {
		l.all = NewPass(net.Sizes(), l.ex.train.X.rows)
	}
	l.all.X = *l.ex.train.X
	net.Forward(l.all)
	train, _ = Accuracy(l.all.OutputProbs, l.ex.train.Y)
	for _, h := range l.all.Hidden {
		on := make([]bool, h.cols)
		for i := 0; i < h.rows; i++ {
			for u, v := range h.Row(i) {
				on[u] = on[u] || v > 0
			}
		}
		n := 0
		for _, o := range on {
			if !o {
				n++
			}
		}
		dead = append(dead, n)
	}
	test, _ = Accuracy(net.Predict(l.ex.test.X), l.ex.test.Y)
	return train, test, dead
}

// config lists the settings the page may change, as they stand for this run (presets applied).
func (l *live) config() map[string]string {
	o := l.opts
	return map[string]string{
		"lr": formatFloat(o.train.LearningRate), "reg": formatFloat(o.train.RegLambda), "hidden": o.hiddenText,
		"batch": strconv.Itoa(o.train.Batch), "init": o.init, "seed": strconv.FormatInt(o.seed, 10), "dataset": o.dataset,
		"noise": o.noiseText, "observations": strconv.Itoa(o.observations), "test-size": formatFloat(o.testSize),
		"standardize": strconv.FormatBool(o.standardize), "every": strconv.Itoa(o.train.Every), "data": o.data,
	}
}

// command is the command line that trains the same network and prints the loss the page shows now:
// go run . with the flags that differ from the defaults, then -steps and -every so that its last loss
// line is "Loss at step N" for the N steps taken.
func (l *live) command() string {
	args := append(append([]string{}, l.base...), l.changes...)
	flags := newFlagSet(new(options))
	flags.Parse(args) // checked when they were set
	parts, seen := []string{"go run ."}, map[string]bool{}
	for _, a := range args { // the flags in the order they were first given, each with its final value
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := flags.Lookup(name)
		if f == nil || seen[name] || !strings.HasPrefix(a, "-") || name == "plot-features" || name == "steps" || name == "every" && l.tr.Done > 0 {
			continue
		}
		seen[name] = true
		v := f.Value.String()
		if _, byPreset := presets[l.opts.preset][name]; v == f.DefValue && !byPreset { // a setting at its default says nothing
			continue
		}
		if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); isBool {
			if v == "true" {
				parts = append(parts, "-"+name)
			}
			continue
		}
		if v == "" || strings.ContainsAny(v, " \t'\"$\\") {
			v = strconv.Quote(v)
		}
		parts = append(parts, "-"+name, v)
	}
	if n := l.tr.Done; n > 0 {
		parts = append(parts, "-steps", strconv.Itoa(n+1), "-every", strconv.Itoa(n))
	}
	return strings.Join(parts, " ")
}

// setupJSON is the setup event: what stays the same while the run trains.
type setupJSON struct {
	Config    map[string]string `json:"config"`
	Command   string            `json:"command"`
	Sizes     []int             `json:"sizes"`
	Features  []string          `json:"features"`
	Classes   []string          `json:"classes"`
	Colors    []string          `json:"colors"`
	Every     int               `json:"every"`
	LossLabel string            `json:"lossLabel"`
	Batch     int               `json:"batch"`
	TrainRows int               `json:"trainRows"`
	Plane     *planeJSON        `json:"plane"` // nil when the data have one feature
	Train     []pointJSON       `json:"train"`
	Test      []pointJSON       `json:"test"`
	Losses    []float64         `json:"losses"`     // the loss of steps 0, stride, 2·stride, … so far
	Stride    int               `json:"lossStride"` // 1, or more for a long run, so that the setup stays small
	Scores    [][3]float64      `json:"accuracies"` // step, train and test accuracy (percent) at each frame so far
	Speed     int               `json:"speed"`
}

// maxSetupLosses is the most losses a setup event carries; a longer history is sent every stride-th.
const maxSetupLosses = 20000

type planeJSON struct {
	X, Y   int       // the features shown, from 0
	XName  string    `json:"xName"`
	YName  string    `json:"yName"`
	XLo    float64   `json:"xLo"`
	XHi    float64   `json:"xHi"`
	YLo    float64   `json:"yLo"`
	YHi    float64   `json:"yHi"`
	XTicks []float64 `json:"xTicks"`
	YTicks []float64 `json:"yTicks"`
	Note   string    `json:"note"`
}

// pointJSON is one example as the page draws it: where, which class, and its row, for the audit.
type pointJSON struct {
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Class int     `json:"c"`
	Row   int     `json:"row"`
}

func (l *live) makeSetup() []byte {
	ex := l.ex
	s := setupJSON{Config: l.config(), Command: l.command(), Sizes: ex.net.Sizes(), Features: ex.all.Features, Classes: ex.all.Classes,
		Colors: palette, Every: ex.cfg.Every, LossLabel: ex.cfg.LossLabel, Batch: l.tr.batch, TrainRows: ex.train.X.rows,
		Stride: (len(l.losses) + maxSetupLosses - 1) / maxSetupLosses, Speed: l.speed}
	s.Stride = max(s.Stride, 1)
	s.Scores = l.scores[max(0, len(l.scores)-maxSetupLosses):]
	for k := 0; k < l.sent; k += s.Stride { // the frames carry the losses after l.sent
		s.Losses = append(s.Losses, l.losses[k])
	}
	if ex.all.X.cols >= 2 {
		v := l.view
		s.Plane = &planeJSON{X: v.i, Y: v.j, XName: ex.all.Features[v.i], YName: ex.all.Features[v.j], XLo: v.xa.lo, XHi: v.xa.hi,
			YLo: v.ya.lo, YHi: v.ya.hi, XTicks: v.xa.ticks, YTicks: v.ya.ticks, Note: v.note}
		s.Train, s.Test = l.points(ex.rawTrain), l.points(ex.rawTest)
	}
	b, _ := json.Marshal(s) // plain values: cannot fail
	return b
}

// points returns the examples of ds the page draws (a fixed sample of maxPagePoints beyond that many).
func (l *live) points(ds *Dataset) []pointJSON {
	rows := NewRandomState(1).Permutation(ds.X.rows)
	if len(rows) > maxPagePoints {
		rows = rows[:maxPagePoints]
	}
	labels := ds.Labels()
	pts := make([]pointJSON, len(rows))
	for n, r := range rows {
		pts[n] = pointJSON{X: ds.X.At(r, l.view.i), Y: ds.X.At(r, l.view.j), Class: labels[r], Row: r}
	}
	return pts
}

// frameJSON is one frame: where training stands now.
type frameJSON struct {
	state
	From      int         `json:"from"`       // the step of NewLosses[0]
	NewLosses []float64   `json:"losses"`     // the loss of every step (every stride-th) since the last frame
	Stride    int         `json:"lossStride"` // 1, unless more than maxFrameLosses steps were taken since
	Weights   [][]string  `json:"weights,omitempty"`
	Biases    [][]string  `json:"biases,omitempty"`
	Dead      []int       `json:"dead"`
	Regions   string      `json:"regions,omitempty"` // PNG, the class colours blended by probability
	Argmax    string      `json:"argmax,omitempty"`  // PNG, the most probable class's colour
	Units     []string    `json:"units,omitempty"`   // PNG, where each first-layer unit is on
	Lines     [][]float64 `json:"lines,omitempty"`   // where each first-layer unit switches on: x1, y1, x2, y2 (or empty)
}

// makeFrame computes a frame: the state, the losses since the last frame, the weights, and the regions
// grid — all from the network as it now stands.
func (l *live) makeFrame() []byte {
	net := l.tr.Net
	st, dead := l.stateAndDead()
	f := frameJSON{state: st, From: l.sent, Stride: max(1, (len(l.losses)-l.sent+maxFrameLosses-1)/maxFrameLosses), Dead: dead}
	for k := l.sent; k < len(l.losses); k += f.Stride {
		f.NewLosses = append(f.NewLosses, l.losses[k])
	}
	train, _ := strconv.ParseFloat(st.TrainAccuracy, 64)
	test, _ := strconv.ParseFloat(st.TestAccuracy, 64)
	if n := len(l.scores); n == 0 || l.scores[n-1][0] != float64(st.Step) {
		l.scores = append(l.scores, [3]float64{float64(st.Step), train, test})
	}
	weights := 0
	for _, w := range net.W {
		weights += len(w.data)
	}
	if weights <= maxDrawnWeights {
		for lay := range net.W {
			f.Weights = append(f.Weights, formatAll(net.W[lay].data))
			f.Biases = append(f.Biases, formatAll(net.B[lay].data))
		}
	}
	if l.ex.all.X.cols >= 2 {
		f.Regions, f.Argmax, f.Units = l.regions()
		f.Lines = l.unitLines()
	}
	l.sent = l.tr.Done
	b, _ := json.Marshal(f)
	return b
}

func formatAll(v []float64) []string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = formatFloat(x)
	}
	return s
}

// regions predicts every cell of a regionGrid × regionGrid grid over the plane (the other features at
// their training means, as -plot does) and paints three kinds of PNG: the class colours blended by the
// probabilities, the most probable class's colour, and for each of the first maxUnitMaps first-layer
// units where it is on.
func (l *live) regions() (blended, argmax string, units []string) {
	v, n := l.view, regionGrid
	x := NewMatrix(n*n, len(l.ex.rawMeans))
	for r := 0; r < n; r++ {
		for c := 0; c < n; c++ {
			cell := x.Row(r*n + c)
			copy(cell, l.ex.rawMeans)
			cell[v.i] = v.xa.lo + (float64(c)+0.5)/float64(n)*(v.xa.hi-v.xa.lo)
			cell[v.j] = v.ya.hi - (float64(r)+0.5)/float64(n)*(v.ya.hi-v.ya.lo)
		}
	}
	if l.ex.st != nil {
		x = l.ex.st.Apply(x)
	}
	p := l.pass
	p.X = *x
	l.tr.Net.Forward(p)
	rgb := make([][3]float64, len(l.ex.all.Classes))
	for k := range rgb {
		var r, g, b int
		fmt.Sscanf(classColor(k), "#%02x%02x%02x", &r, &g, &b)
		rgb[k] = [3]float64{float64(r), float64(g), float64(b)}
	}
	blend := image.NewRGBA(image.Rect(0, 0, n, n))
	pal := color.Palette{}
	for k := range rgb {
		pal = append(pal, color.RGBA{uint8(rgb[k][0]), uint8(rgb[k][1]), uint8(rgb[k][2]), 255})
	}
	top := image.NewPaletted(image.Rect(0, 0, n, n), pal)
	for cell, k := range ArgmaxRows(p.OutputProbs) {
		var mix [3]float64
		for c, pc := range p.OutputProbs.Row(cell) {
			for ch := 0; ch < 3; ch++ {
				mix[ch] += pc * rgb[c][ch]
			}
		}
		blend.Set(cell%n, cell/n, color.RGBA{uint8(mix[0] + 0.5), uint8(mix[1] + 0.5), uint8(mix[2] + 0.5), 255})
		top.SetColorIndex(cell%n, cell/n, uint8(k%256))
	}
	if len(p.Hidden) > 0 {
		h := p.Hidden[0]
		for u := 0; u < min(h.cols, maxUnitMaps); u++ {
			on := image.NewPaletted(image.Rect(0, 0, n, n), color.Palette{color.RGBA{240, 240, 240, 255}, color.RGBA{0x0b, 0x55, 0x94, 255}})
			for cell := 0; cell < n*n; cell++ {
				if h.At(cell, u) > 0 {
					on.SetColorIndex(cell%n, cell/n, 1)
				}
			}
			units = append(units, pngBase64(on))
		}
	}
	return pngBase64(blend), pngBase64(top), units
}

func pngBase64(img image.Image) string {
	var b bytes.Buffer
	png.Encode(&b, img) // to memory: cannot fail
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// unitLines returns, for each first-layer unit, the segment of the plane where its input w·x + b is 0
// — where its ReLU switches on — as x1, y1, x2, y2 in the features' own units, or nothing when the line
// misses the plane. With -standardize the unit sees (x − mean)/std; the other features sit at their
// training means (standardized: 0).
func (l *live) unitLines() [][]float64 {
	net, v := l.tr.Net, l.view
	if len(net.W) < 2 {
		return nil
	}
	w, b := net.W[0], net.B[0]
	var lines [][]float64
	for u := 0; u < w.cols; u++ {
		// a·x + c·y + d = 0 in raw coordinates
		a, c, d := w.At(v.i, u), w.At(v.j, u), b.At(0, u)
		for k, mean := range l.ex.rawMeans {
			if k != v.i && k != v.j && l.ex.st == nil {
				d += w.At(k, u) * mean
			}
		}
		if st := l.ex.st; st != nil {
			a, c = a/st.Std[v.i], c/st.Std[v.j]
			d -= a*st.Mean[v.i] + c*st.Mean[v.j]
		}
		lines = append(lines, clipLine(a, c, d, v.xa.lo, v.xa.hi, v.ya.lo, v.ya.hi))
	}
	return lines
}

// clipLine returns the part of the line a·x + c·y + d = 0 inside [x0, x1] × [y0, y1] as its two ends,
// or nothing.
func clipLine(a, c, d, x0, x1, y0, y1 float64) []float64 {
	var pts []float64
	add := func(x, y float64) {
		if x >= x0-1e-9 && x <= x1+1e-9 && y >= y0-1e-9 && y <= y1+1e-9 && len(pts) < 4 {
			if len(pts) == 2 && math.Abs(pts[0]-x) < 1e-12 && math.Abs(pts[1]-y) < 1e-12 {
				return
			}
			pts = append(pts, x, y)
		}
	}
	if c != 0 {
		add(x0, -(a*x0+d)/c)
		add(x1, -(a*x1+d)/c)
	}
	if a != 0 {
		add(-(c*y0+d)/a, y0)
		add(-(c*y1+d)/a, y1)
	}
	if len(pts) < 4 {
		return []float64{}
	}
	return pts
}

// ---------------------------------------------------------------------------------------------------
// The audit of one row.

// auditJSON is GET /api/explain?row=i: row i's forward and backward pass at the current step, in the
// post's names, every number as the command line prints it. The values are read from the buffers of the
// training step itself (Step.Run): every operation of the step works on each row on its own, except the
// sums over rows that make the gradients, of which this row's share is shown.
type auditJSON struct {
	Row    int          `json:"row"`
	Step   int          `json:"step"`
	Class  string       `json:"class"`
	Batch  int          `json:"batch"` // N, the rows the loss averages over
	Blocks []auditBlock `json:"blocks"`
}

type auditBlock struct {
	Post   string     `json:"post"`   // the post's numpy
	Ours   string     `json:"ours"`   // our Go
	Values [][]string `json:"values"` // rows of numbers
}

// audit runs the training step, Step.Run, on a batch of N rows holding the row — the next step's batch
// when the row is in it, else the N rows from the row on — with a copy of the network (the copy's update
// is thrown away), and reads the row's values from the step's buffers. It uses the trainer's own Step,
// whose buffers the next step overwrites anyway (its loss, which the loss history reads, is not touched:
// the loss is not asked for). l.mu must be held.
func (l *live) audit(row int) auditJSON {
	t, net := l.tr, l.tr.Net
	sizes, last := net.Sizes(), len(net.W)-1
	lo := BatchOffset(t.Done, t.batch, t.X.rows)
	if row < lo || row >= lo+t.batch {
		lo = min(row, t.X.rows-t.batch)
	}
	s := t.S
	RowsViewInto(&s.X, t.X, lo, lo+t.batch) // [N x D]
	RowsViewInto(&s.Y, t.Y, lo, lo+t.batch) // [N x K]
	s.Run(net.Clone(), t.Cfg, false)
	at := row - lo                                                   // the row's place in the batch
	rowOf := func(m *Matrix) *Matrix { return m.RowsView(at, at+1) } // [1 x cols]: the row's part of a tall buffer
	e := explainer{hidden: last}
	a := auditJSON{Row: row, Step: t.Done, Class: l.ex.all.Classes[argmax(t.Y.Row(row))], Batch: t.batch}
	add := func(post, ours string, m *Matrix) {
		b := auditBlock{Post: post, Ours: ours}
		for i := 0; i < m.rows; i++ {
			b.Values = append(b.Values, formatAll(m.Row(i)))
		}
		a.Blocks = append(a.Blocks, b)
	}
	add(fmt.Sprintf("training_data[%d]", row), "X, row "+strconv.Itoa(row)+" (as the network sees it)", rowOf(&s.X))
	add(fmt.Sprintf("training_labels[%d]", row), "Y, its one-hot label", rowOf(&s.Y))
	for k := 0; k < last; k++ {
		in, _ := e.input(k)
		add(fmt.Sprintf("%s = np.dot(%s, %s)", e.hiddenName("input_layer", k), in, e.weights(k)), fmt.Sprintf("InputLayer[%d]", k), rowOf(s.InputLayer[k]))
		add(fmt.Sprintf("%s = relu_activation(%s + %s)", e.hiddenName("hidden_layer", k), e.hiddenName("input_layer", k), e.biases(k)), fmt.Sprintf("Hidden[%d]", k), rowOf(s.Hidden[k]))
	}
	in, _ := e.input(last)
	add(fmt.Sprintf("output_layer = np.dot(%s, %s) + %s", in, e.weights(last), e.biases(last)), "OutputLayer", rowOf(s.OutputLayer))
	add("output_probs = softmax(output_layer)", "OutputProbs", rowOf(s.OutputProbs))
	add("output_error_signal = (output_probs - training_labels) / "+strconv.Itoa(t.batch), "OutputErrorSignal = (OutputProbs − Y) / N", rowOf(s.OutputErrorSignal))
	for k := last - 1; k >= 0; k-- {
		add(fmt.Sprintf("%s = np.dot(%s, %s.T); [%s <= 0] = 0", e.signal(k, last), e.signal(k+1, last), e.weights(k+1), e.hiddenName("hidden_layer", k)),
			fmt.Sprintf("ErrorSignalHidden[%d]", k), rowOf(s.ErrorSignalHidden[k]))
	}
	for k := last; k >= 0; k-- {
		in, inOurs := e.input(k)
		share := NewMatrix(sizes[k], sizes[k+1])
		MulTransAInto(share, rowOf(s.layerInput(k)), rowOf(s.errorSignal(k))) // [size[k] x size[k+1]] = [1 x size[k]]ᵀ·[1 x size[k+1]], this row's term of the sum over rows
		add(fmt.Sprintf("this row's share of gradient_layer%d_weights = np.dot(%s.T, %s)", k+1, in, e.signal(k, last)),
			fmt.Sprintf("%sᵀ·δ for this row alone (the gradient sums these over the batch)", inOurs), share)
		add(fmt.Sprintf("this row's share of gradient_layer%d_bias", k+1), "δ for this row alone", rowOf(s.errorSignal(k)))
	}
	return a
}

// ---------------------------------------------------------------------------------------------------
// The handlers.

// handler routes the page, its files and the API, behind the checks every request passes.
func (l *live) handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := iofs.Sub(webFiles, "web") // the folder is in the program: cannot fail
	files := http.FileServer(http.FS(static))
	for _, path := range []string{"/{$}", "/app.js", "/style.css"} {
		mux.Handle("GET "+path, files)
	}
	mux.HandleFunc("GET /api/state", l.getState)
	mux.HandleFunc("POST /api/step", l.postStep)
	mux.HandleFunc("POST /api/play", l.postPlay)
	mux.HandleFunc("POST /api/pause", l.postPause)
	mux.HandleFunc("POST /api/reset", l.postReset)
	mux.HandleFunc("POST /api/view", l.postView)
	mux.HandleFunc("POST /api/speed", l.postSpeed)
	mux.HandleFunc("GET /api/events", l.getEvents)
	mux.HandleFunc("GET /api/explain", l.getExplain)
	return l.guard(mux)
}

// guard refuses requests that a page elsewhere could make through the user's browser: a Host that is not
// this server's (DNS rebinding) gets 403, as does a POST whose Origin is another site's. Bodies are
// limited to maxBody bytes.
func (l *live) guard(next http.Handler) http.Handler {
	_, port, _ := net.SplitHostPort(l.addr)
	allowed := map[string]bool{l.addr: true, "localhost:" + port: true, "127.0.0.1:" + port: true, "[::1]:" + port: true}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowed[r.Host] {
			httpError(w, http.StatusForbidden, fmt.Sprintf("this server answers to %s, not to the host %q", l.addr, r.Host))
			return
		}
		if origin := r.Header.Get("Origin"); r.Method == http.MethodPost && origin != "" && !allowed[strings.TrimPrefix(strings.TrimPrefix(origin, "http://"), "https://")] {
			httpError(w, http.StatusForbidden, fmt.Sprintf("requests from the page %s are not accepted; open http://%s/", origin, l.addr))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		next.ServeHTTP(w, r)
	})
}

// httpError answers with status and {"error": msg}: one line saying what is wrong and what is accepted.
func httpError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func writeJSONResponse(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// readBody decodes a request's JSON body into v, which may be empty; it answers 413 or 400 itself.
func readBody(w http.ResponseWriter, r *http.Request, v any) bool {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is over %d bytes", maxBody))
			return false
		}
		httpError(w, http.StatusBadRequest, "cannot read the request body")
		return false
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		httpError(w, http.StatusBadRequest, fmt.Sprintf("the body is not the JSON this request takes: %v", err))
		return false
	}
	return true
}

func (l *live) getState(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	s := l.stateLocked()
	l.mu.Unlock()
	writeJSONResponse(w, s)
}

// postStep runs {"steps": n} steps, 1 ≤ n ≤ maxStepRequest, while paused, and answers the new state.
func (l *live) postStep(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Steps *int `json:"steps"`
	}
	if !readBody(w, r, &body) {
		return
	}
	n := 1
	if body.Steps != nil {
		n = *body.Steps
	}
	if n < 1 || n > maxStepRequest {
		httpError(w, http.StatusBadRequest, fmt.Sprintf("steps %d: want a whole number from 1 to %d", n, maxStepRequest))
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running {
		httpError(w, http.StatusConflict, "training is playing; pause it before taking steps")
		return
	}
	for i := 0; i < n && l.failure == ""; i++ {
		l.stepLocked()
		if i%8 == 7 { // let other requests in
			l.mu.Unlock()
			l.mu.Lock()
			if l.running {
				break
			}
		}
	}
	l.frame = l.makeFrame()
	l.publish("frame", l.frame)
	writeJSONResponse(w, l.stateLocked())
}

func (l *live) postPlay(w http.ResponseWriter, r *http.Request) {
	if !readBody(w, r, &struct{}{}) {
		return
	}
	l.mu.Lock()
	if l.failure == "" {
		l.running = true
		select {
		case l.play <- struct{}{}:
		default:
		}
	}
	s := l.stateLocked()
	l.mu.Unlock()
	writeJSONResponse(w, s)
}

func (l *live) postPause(w http.ResponseWriter, r *http.Request) {
	if !readBody(w, r, &struct{}{}) {
		return
	}
	l.mu.Lock()
	l.running = false
	s := l.stateLocked()
	l.mu.Unlock()
	writeJSONResponse(w, s)
}

// postSpeed sets the steps per frame while playing: {"speed": n}, 1 to 1000.
func (l *live) postSpeed(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Speed int `json:"speed"`
	}
	if !readBody(w, r, &body) {
		return
	}
	if body.Speed < 1 || body.Speed > 1000 {
		httpError(w, http.StatusBadRequest, fmt.Sprintf("speed %d: want steps per frame from 1 to 1000", body.Speed))
		return
	}
	l.mu.Lock()
	l.speed = body.Speed
	s := l.stateLocked()
	l.mu.Unlock()
	writeJSONResponse(w, s)
}

// postReset goes back to step 0 with the same starting weights; with {"config": {"lr": "0.05", …}} it
// starts over with those settings, each checked as its flag is (pageSettings lists them).
func (l *live) postReset(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Config map[string]string `json:"config"`
	}
	if !readBody(w, r, &body) {
		return
	}
	var changes []string
	if body.Config != nil {
		changes = []string{}
		for _, name := range keys(body.Config) {
			if !slices.Contains(pageSettings, name) {
				httpError(w, http.StatusBadRequest, fmt.Sprintf("the setting %q cannot be changed here; want some of: %s", name, strings.Join(pageSettings, ", ")))
				return
			}
			changes = append(changes, "-"+name+"="+body.Config[name])
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.reset(changes); err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSONResponse(w, l.stateLocked())
}

// postView changes the two features drawn, {"features": "3,4"}, as -plot-features names them, without
// touching training.
func (l *live) postView(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Features string `json:"features"`
	}
	if !readBody(w, r, &body) {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	i, j, err := plotFeatures(body.Features, l.ex.all.Features)
	if err != nil || l.ex.all.X.cols < 2 {
		msg := "the data have one feature: there is no plane to choose"
		if err != nil {
			msg = strings.Replace(err.Error(), "flag -plot-features", "features", 1)
		}
		httpError(w, http.StatusBadRequest, msg)
		return
	}
	l.setView(i, j)
	writeJSONResponse(w, l.stateLocked())
}

// getExplain answers the audit of training row ?row=i.
func (l *live) getExplain(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	rows := l.tr.X.rows
	row, err := strconv.Atoi(r.URL.Query().Get("row"))
	if err != nil || row < 0 || row >= rows {
		httpError(w, http.StatusBadRequest, fmt.Sprintf("row %q: want a training row from 0 to %d", r.URL.Query().Get("row"), rows-1))
		return
	}
	writeJSONResponse(w, l.audit(row))
}

// getEvents streams Server-Sent Events: the setup, then a frame whenever training moves. At most
// maxStreams at once.
func (l *live) getEvents(w http.ResponseWriter, r *http.Request) {
	ch := make(chan []byte, 1)
	l.mu.Lock()
	if len(l.streams) >= maxStreams {
		l.mu.Unlock()
		httpError(w, http.StatusServiceUnavailable, fmt.Sprintf("%d pages are already watching; close one and reload", maxStreams))
		return
	}
	l.streams[ch] = true
	// a setup made now, so that it carries the losses so far, then the latest frame
	first := []byte("event: setup\ndata: " + string(l.makeSetup()) + "\n\nevent: frame\ndata: " + string(l.frame) + "\n\n")
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		delete(l.streams, ch)
		l.mu.Unlock()
	}()
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{}) // a stream lasts as long as the page
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	msg := first
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	for {
		if _, err := w.Write(msg); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case msg = <-ch:
		case <-keepAlive.C:
			msg = []byte(": still here\n\n")
		}
	}
}
