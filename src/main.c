/*
 * main — finsam's entry point; everything happens in cli/.
 */
#include "cli/cli.h"
#include "store/store.h"

int main(int argc, char **argv)
{
	store_library_init();
	return cli_main(argc, argv);
}
