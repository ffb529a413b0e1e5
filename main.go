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
// Files: matrix.go (the matrix type), data.go (random numbers, data, split), network.go (forward pass,
// loss, backpropagation), train.go (the training loop), main.go (flags and output).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command-line settings, with the post's values as defaults.
type options struct {
	seed         uint32
	observations int
	hidden       []int
	testSize     float64
	init         string // how the weights are drawn: a key of Initializers
	preset       string // a key of presets, or ""
	train        Config
}

// presets are named sets of flag values. A flag given on the command line wins over its preset value.
var presets = map[string]map[string]string{
	// The post's second model, in TensorFlow: minibatches of 100, truncated-normal weights, no L2,
	// 10001 steps, the minibatch loss printed every 1000.
	"tensorflow": {"batch": "100", "steps": "10001", "lr": "0.01", "reg": "0", "init": "truncated", "every": "1000"},
}

// exit statuses
const (
	exitOK    = 0
	exitError = 1 // something went wrong while running: a bad file, a diverging run
	exitUsage = 2 // the command line itself is wrong
)

// run is the whole program: it parses args, runs, writes results to stdout and messages to stderr, and
// returns the exit status. Every problem a user can cause ends in one line on stderr.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "nn: %v\n", err)
		return exitUsage
	}
	warn := func(msg string) { fmt.Fprintf(stderr, "nn: warning: %s\n", msg) }

	// train_test_split(features, labels_onehot, test_size=.1, random_state=12) uses a generator of its
	// own, so the split can be chosen (and checked) before the data exist.
	trainIdx, testIdx, err := TrainTestSplit(len(postClusters)*opts.observations, opts.testSize, opts.seed)
	if err != nil {
		fmt.Fprintf(stderr, "nn: %v\n", err)
		return exitUsage
	}

	if opts.train.Batch > len(trainIdx) {
		fmt.Fprintf(stderr, "nn: -batch %d is larger than the %d training rows; use at most %d, or 0 for all of them\n",
			opts.train.Batch, len(trainIdx), len(trainIdx))
		return exitUsage
	}
	if opts.train.Batch > 0 && opts.train.Batch < len(trainIdx) {
		opts.train.LossLabel = "Minibatch loss" // the loss printed is the one on that step's minibatch
	}

	// np.random.seed(12); the post's data from the global stream
	rng := NewRandomState(opts.seed)
	data := PostData(rng, opts.observations, warn)
	trainSet, testSet := data.Subset(trainIdx), data.Subset(testIdx)

	// layer weights: np.random.normal(0, 1, [rows, cols]) (or -init's choice), after the draws the
	// post's notebook discarded
	for i := 0; i < discardedWeightDraws; i++ {
		rng.NormFloat64()
	}
	sizes := append(append([]int{data.X.cols}, opts.hidden...), data.Y.cols)
	net := NewNetwork(sizes, Initializers[opts.init](rng))

	if err := Train(net, trainSet.X, trainSet.Y, opts.train, stdout); err != nil {
		fmt.Fprintf(stderr, "nn: %v\n", err)
		return exitError
	}
	acc, _ := Accuracy(net.Predict(testSet.X), testSet.Y)
	fmt.Fprintf(stdout, "Test accuracy: %s%%\n", formatFloat(acc))
	return exitOK
}

// parseFlags reads the command line into options. -h prints the flags and their defaults to out and
// returns flag.ErrHelp. Any other problem is returned as a one-line error naming the flag and what it
// accepts.
func parseFlags(args []string, out io.Writer) (options, error) {
	o := options{
		seed:         12,
		observations: 5000,
		hidden:       []int{5},
		testSize:     0.1,
		init:         "normal",
		train: Config{
			LearningRate: 0.01,
			RegLambda:    0.01,
			Steps:        5001,
			Every:        500,
			LossLabel:    "Loss",
		},
	}
	fs := flag.NewFlagSet("nnfromscratch", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by the caller, in one line
	fs.Usage = func() {}
	fs.Var(seedFlag{&o.seed}, "seed", "random seed, as np.random.seed(seed): an integer 0…4294967295")
	fs.Var(intFlag{&o.observations, 1}, "observations", "points per cluster (post: num_observations)")
	fs.Var(hiddenFlag{&o.hidden}, "hidden", "hidden layer sizes, comma-separated: 5 (the post) or 16,8")
	fs.Var(floatFlag{&o.train.LearningRate, 0, false}, "lr", "learning rate (post: learning_rate), > 0")
	fs.Var(floatFlag{&o.train.RegLambda, 0, true}, "reg", "L2 regularization strength (post: reg_lambda), ≥ 0")
	fs.Var(intFlag{&o.train.Steps, 0}, "steps", "gradient descent steps (post: 5001)")
	fs.Var(intFlag{&o.train.Every, 1}, "every", "print the loss every this many steps (post: 500)")
	fs.Var(fractionFlag{&o.testSize}, "test-size", "fraction of the data held out for testing, in (0, 1)")
	fs.Var(intFlag{&o.train.Batch, 0}, "batch", "rows per step: 0 for all training rows (the post's numpy model), 100 for its TensorFlow model")
	fs.Var(choiceFlag{&o.init, keys(Initializers)}, "init", "how weights start: "+strings.Join(keys(Initializers), ", "))
	fs.Var(choiceFlag{&o.preset, keys(presets)}, "preset", "a named set of flags: "+strings.Join(keys(presets), ", ")+" (flags given explicitly win)")

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(fs, out)
		}
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q: this program takes only flags (see -h)", fs.Arg(0))
	}
	if o.preset != "" {
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		for _, name := range keys(presets[o.preset]) {
			if !given[name] {
				if err := fs.Set(name, presets[o.preset][name]); err != nil {
					panic(fmt.Sprintf("preset %s: %v", o.preset, err)) // a bad preset table is a bug
				}
			}
		}
	}
	return o, nil
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

// printUsage writes -h's text: what the program is, then every flag with its default.
func printUsage(fs *flag.FlagSet, out io.Writer) {
	fmt.Fprintln(out, "Usage: go run . [flags]")
	fmt.Fprintln(out, "The post's neural network in plain Go. With no flags it prints the post's losses and test accuracy.")
	fmt.Fprintln(out, "Flags:")
	fs.SetOutput(out)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// Flag values. Each Set checks the value and, when it is wrong, says what is accepted; the flag package
// prefixes that with the value and the flag's name: invalid value "-1" for flag -lr: want a number > 0.

// intFlag is an integer flag with a lower bound.
type intFlag struct {
	p   *int
	min int
}

func (f intFlag) String() string {
	if f.p == nil {
		return ""
	}
	return strconv.Itoa(*f.p)
}

func (f intFlag) Set(s string) error {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < f.min {
		return fmt.Errorf("want a whole number ≥ %d", f.min)
	}
	*f.p = v
	return nil
}

// floatFlag is a finite float flag that must be > min, or ≥ min when orEqual.
type floatFlag struct {
	p       *float64
	min     float64
	orEqual bool
}

func (f floatFlag) String() string {
	if f.p == nil {
		return ""
	}
	return formatFloat(*f.p)
}

func (f floatFlag) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	ok := err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) && (v > f.min || f.orEqual && v == f.min)
	if !ok {
		if f.orEqual {
			return fmt.Errorf("want a finite number ≥ %v", f.min)
		}
		return fmt.Errorf("want a finite number > %v", f.min)
	}
	*f.p = v
	return nil
}

// fractionFlag is a float strictly between 0 and 1.
type fractionFlag struct{ p *float64 }

func (f fractionFlag) String() string {
	if f.p == nil {
		return ""
	}
	return formatFloat(*f.p)
}

func (f fractionFlag) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !(v > 0 && v < 1) {
		return errors.New("want a fraction strictly between 0 and 1, such as 0.1")
	}
	*f.p = v
	return nil
}

// seedFlag is a seed numpy accepts: 0 … 2³²−1.
type seedFlag struct{ p *uint32 }

func (f seedFlag) String() string {
	if f.p == nil {
		return ""
	}
	return strconv.FormatUint(uint64(*f.p), 10)
}

func (f seedFlag) Set(s string) error {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return errors.New("want a whole number from 0 to 4294967295, as np.random.seed accepts")
	}
	*f.p = uint32(v)
	return nil
}

// choiceFlag is one of a fixed set of names.
type choiceFlag struct {
	p       *string
	choices []string
}

func (f choiceFlag) String() string {
	if f.p == nil {
		return ""
	}
	return *f.p
}

func (f choiceFlag) Set(s string) error {
	for _, c := range f.choices {
		if s == c {
			*f.p = s
			return nil
		}
	}
	return fmt.Errorf("want one of: %s", strings.Join(f.choices, ", "))
}

// hiddenFlag is a comma-separated list of positive layer sizes.
type hiddenFlag struct{ p *[]int }

func (f hiddenFlag) String() string {
	if f.p == nil {
		return ""
	}
	parts := make([]string, len(*f.p))
	for i, h := range *f.p {
		parts[i] = strconv.Itoa(h)
	}
	return strings.Join(parts, ",")
}

func (f hiddenFlag) Set(s string) error {
	var sizes []int
	for _, part := range strings.Split(s, ",") {
		h, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || h <= 0 {
			return errors.New("want hidden layer sizes as whole numbers > 0, comma-separated, such as 5 or 16,8")
		}
		sizes = append(sizes, h)
	}
	*f.p = sizes
	return nil
}
