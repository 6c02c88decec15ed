package checkpoint

import "fmt"

// File is the content of a safetensors file.
type File struct {
	// Tensors in the order of their data in the file.
	Tensors []Tensor
	// Metadata is the header's "__metadata__" map (nil when absent).
	Metadata map[string]string
}

// Get returns the tensor with the given name, or an error naming it.
func (f *File) Get(name string) (*Tensor, error) {
	for i := range f.Tensors {
		if f.Tensors[i].Name == name {
			return &f.Tensors[i], nil
		}
	}
	return nil, fmt.Errorf("no tensor named %q", name)
}
