
	/* TODO: rb_new takes rb_old's place in the tree: copy its value. */
	(void)rb_old;
	(void)rb_new;
