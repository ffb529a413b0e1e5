module nnfromscratch

go 1.22
