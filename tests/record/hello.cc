// hello.cc - a small C++ program: iostream, a vector, strings. It maps
// libstdc++ (over 2 MiB), which Linux 6.x aligns for huge pages. A test
// program of tests/record.sh.
#include <iostream>
#include <string>
#include <vector>

int
main()
{
	std::vector<std::string> words;

	for (int i = 0; i < 1000; i++)
		words.push_back(std::string(40 + i % 7, 'a' + i % 26));
	std::cout << words.size() << " words, the last "
	    << words.back().size() << " long" << std::endl;
	return 0;
}
