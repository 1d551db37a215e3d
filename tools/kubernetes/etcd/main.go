// etcd, as `etcd` itself starts: go.etcd.io/etcd/server/v3/etcdmain.Main with the command line.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
